"""Attention as a soft lookup, in plain Python: scores, softmax weights, a weighted sum."""

import math  # noqa: F401  (you will need math.exp)


def dot(u, v):
    return sum(a * b for a, b in zip(u, v, strict=True))


def softmax(scores):
    """A list of numbers -> a list of positive weights that sum to 1: exp(s_i) / Σ exp(s_j).

    It must work for large scores too (say 1000): math.exp(1000) overflows.
    """
    raise NotImplementedError("TODO: softmax")


def attend(query, keys, values):
    """Soft lookup of `query` among `keys` (lists of equal length), returning the values' mix.

    Return (weights, output): weights[i] = softmax over i of dot(query, keys[i]), and output
    is Σ weights[i] * values[i], a list as long as one value.
    """
    raise NotImplementedError("TODO: scores, weights, weighted sum")


def hard_lookup(query, keys, values):
    """The value of the single key with the largest dot(query, key) (the first one on a tie)."""
    raise NotImplementedError("TODO: hard lookup")
