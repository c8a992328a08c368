"""Mistake: the softmax exponentiates the raw scores, which overflows for large ones."""

import math


def dot(u, v):
    return sum(a * b for a, b in zip(u, v, strict=True))


def softmax(scores):
    """exp(s_i) / Σ exp(s_j), computed after subtracting the largest score so exp cannot overflow."""
    exps = [math.exp(s) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def attend(query, keys, values):
    """(weights, output): weights = softmax(q·k_i) over the keys, output = Σ w_i v_i."""
    weights = softmax([dot(query, k) for k in keys])
    output = [sum(w * v[j] for w, v in zip(weights, values, strict=True)) for j in range(len(values[0]))]
    return weights, output


def hard_lookup(query, keys, values):
    """The value of the single best-matching key (the first one on a tie)."""
    scores = [dot(query, k) for k in keys]
    return list(values[scores.index(max(scores))])
