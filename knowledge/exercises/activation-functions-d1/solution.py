"""Sigmoid, tanh and ReLU for one number, and two linear layers folded into one."""

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
    """W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2) -> (W, b)."""
    W = _matmul(W2, W1)
    b = [sum(w * c for w, c in zip(row, b1, strict=True)) + extra for row, extra in zip(W2, b2, strict=True)]
    return W, b
