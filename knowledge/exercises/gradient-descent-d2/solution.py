"""Gradient descent for linear regression, with hand-written gradients of the mean squared error."""

import torch


def mse_gradients(X, y, w, b):
    """L = mean((X w + b − y)²) -> (L, ∂L/∂w, ∂L/∂b)."""
    n = X.shape[0]
    r = X @ w + b - y
    return (r**2).mean(), 2 / n * (X.T @ r), 2 / n * r.sum()


def fit(X, y, lr, epochs, batch_size=None):
    """Mini-batch gradient descent from w = 0, b = 0, rows in order -> (w, b, history)."""
    n, d = X.shape
    w, b = torch.zeros(d, dtype=X.dtype), torch.zeros((), dtype=X.dtype)
    size = n if batch_size is None else batch_size
    history = []
    for _ in range(epochs):
        for i in range(0, n, size):
            loss, dw, db = mse_gradients(X[i : i + size], y[i : i + size], w, b)
            history.append(loss.item())
            w, b = w - lr * dw, b - lr * db
    return w, b, history
