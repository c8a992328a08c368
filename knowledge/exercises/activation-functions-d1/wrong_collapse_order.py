"""Mistake: the folded weight is multiplied in the order the layers are applied, W1 W2."""

import math


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def tanh(x):
    return (math.exp(x) - math.exp(-x)) / (math.exp(x) + math.exp(-x))


def relu(x):
    return max(0.0, x)


def _matmul(A, B):
    return [[sum(a * b for a, b in zip(row, col, strict=True)) for col in zip(*B, strict=True)] for row in A]


def collapse(W1, b1, W2, b2):
    """Fold the two layers into (W, b)."""
    W = _matmul(W1, W2)
    b = [sum(w * c for w, c in zip(row, b1, strict=True)) + extra for row, extra in zip(W2, b2, strict=True)]
    return W, b
