"""One hidden sigmoid unit: h = sigmoid(w1 x), y_hat = w2 h, L = (y_hat - y)^2 / 2."""

import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def forward(x, w1, w2):
    """Return (h, y_hat)."""
    raise NotImplementedError("TODO: h = sigmoid(w1 * x), y_hat = w2 * h")


def gradients(x, y, w1, w2):
    """Return (dL/dw1, dL/dw2) for L = (y_hat - y)^2 / 2."""
    # TODO: start from dL/dy_hat = y_hat - y and apply the chain rule backwards;
    # the sigmoid's derivative is h * (1 - h)
    raise NotImplementedError("TODO: the two gradients")


def sgd_step(x, y, w1, w2, lr):
    """Return the new (w1, w2) after one gradient-descent step with learning rate lr."""
    raise NotImplementedError("TODO: one step of gradient descent")
