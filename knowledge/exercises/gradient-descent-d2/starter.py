"""Gradient descent for linear regression, with hand-written gradients of the mean squared error."""

import torch  # noqa: F401


def mse_gradients(X, y, w, b):
    """X: (N, d), y: (N,), w: (d,), b: scalar tensor.

    Returns (loss, dw, db) for loss = mean((X w + b − y)²): dw has shape (d,), db is a scalar.
    """
    # TODO: residual r = X w + b − y, then differentiate the mean of r²
    raise NotImplementedError("TODO: mse_gradients")


def fit(X, y, lr, epochs, batch_size=None):
    """Gradient descent from w = 0, b = 0.

    Each epoch takes the rows in order in batches X[i : i + batch_size] (None: one full batch)
    and makes one step on each batch's mean loss. Returns (w, b, history): history holds the
    batch loss before every step, as floats.
    """
    # TODO
    raise NotImplementedError("TODO: fit")
