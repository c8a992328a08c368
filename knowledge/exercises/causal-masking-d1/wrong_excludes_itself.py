"""Mistake: each position sees only strictly earlier positions, not itself."""

import math


def causal_mask(n):
    """n × n: mask[i][j] is True when position i may attend to position j, that is j <= i."""
    return [[j < i for j in range(n)] for i in range(n)]


def masked_softmax(scores, mask):
    """Row by row: blocked entries get weight 0, the allowed ones a softmax among themselves."""
    weights = []
    for row, keep in zip(scores, mask, strict=True):
        top = max(s for s, k in zip(row, keep, strict=True) if k)
        exps = [math.exp(s - top) if k else 0.0 for s, k in zip(row, keep, strict=True)]
        total = sum(exps)
        weights.append([e / total for e in exps])
    return weights


def causal_weights(scores):
    """The attention weights of a decoder: masked_softmax with the causal mask."""
    return masked_softmax(scores, causal_mask(len(scores)))
