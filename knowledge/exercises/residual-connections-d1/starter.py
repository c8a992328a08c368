"""Plain and residual stacks of scalar tanh layers, and their input gradients by the chain rule."""

import math  # noqa: F401


def plain_forward(x, ws):
    """x <- tanh(w x) for each w."""
    raise NotImplementedError("TODO: the plain stack")


def residual_forward(x, ws):
    """x <- x + tanh(w x) for each w."""
    raise NotImplementedError("TODO: the residual stack")


def plain_gradient(x, ws):
    """d plain_forward(x, ws) / dx: multiply each layer's local derivative w (1 - tanh(w x)^2)."""
    raise NotImplementedError("TODO: chain rule through the plain stack")


def residual_gradient(x, ws):
    """d residual_forward(x, ws) / dx: each block x + f(x) contributes 1 + f'(x)."""
    raise NotImplementedError("TODO: chain rule through the residual stack")
