"""Sigmoid, tanh and ReLU for one number, and two linear layers folded into one."""

import math  # noqa: F401


def sigmoid(x):
    """1 / (1 + e^(−x))."""
    raise NotImplementedError("TODO: sigmoid")


def tanh(x):
    """(e^x − e^(−x)) / (e^x + e^(−x))."""
    raise NotImplementedError("TODO: tanh")


def relu(x):
    """max(0, x)."""
    raise NotImplementedError("TODO: relu")


def collapse(W1, b1, W2, b2):
    """The single layer (W, b) equal to y = W2 (W1 x + b1) + b2.

    W1: h × d and W2: k × h as lists of rows; b1: length h, b2: length k. Returns W (k × d,
    list of rows) and b (list of length k).
    """
    # TODO: expand W2 (W1 x + b1) + b2 and read off W and b
    raise NotImplementedError("TODO: collapse")
