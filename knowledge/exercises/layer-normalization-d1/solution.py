"""Layer norm normalizes each row (one token); batch norm normalizes each column over the batch."""

import math


def _normalise(values, eps):
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)  # biased: divide by n
    return [(v - mean) / math.sqrt(var + eps) for v in values]


def layer_norm(batch, eps=1e-5):
    return [_normalise(row, eps) for row in batch]  # each token on its own


def batch_norm(batch, eps=1e-5):
    columns = [_normalise(list(col), eps) for col in zip(*batch, strict=True)]
    return [list(row) for row in zip(*columns, strict=True)]
