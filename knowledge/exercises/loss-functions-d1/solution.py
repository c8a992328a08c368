"""Two losses over a batch: mean squared error and binary cross-entropy, in plain Python."""

import math


def mse(preds, targets):
    """Mean over the batch of (pred − target)²."""
    return sum((p - t) ** 2 for p, t in zip(preds, targets, strict=True)) / len(preds)


def binary_cross_entropy(probs, labels):
    """Mean over the batch of −[y ln p + (1 − y) ln(1 − p)], p = P(label 1)."""
    terms = [-(y * math.log(p) + (1 - y) * math.log(1 - p)) for p, y in zip(probs, labels, strict=True)]
    return sum(terms) / len(terms)
