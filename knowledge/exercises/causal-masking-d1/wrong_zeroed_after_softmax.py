"""Mistake: the softmax runs over every position and the future weights are zeroed afterwards."""

import math


def causal_mask(n):
    """n × n: mask[i][j] is True when position i may attend to position j, that is j <= i."""
    return [[j <= i for j in range(n)] for i in range(n)]


def masked_softmax(scores, mask):
    """Row by row: blocked entries get weight 0, the allowed ones a softmax among themselves."""
    weights = []
    for row, keep in zip(scores, mask, strict=True):
        top = max(row)
        exps = [math.exp(s - top) for s in row]
        total = sum(exps)
        weights.append([e / total if k else 0.0 for e, k in zip(exps, keep, strict=True)])
    return weights


def causal_weights(scores):
    """The attention weights of a decoder: masked_softmax with the causal mask."""
    return masked_softmax(scores, causal_mask(len(scores)))
