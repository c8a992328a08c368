"""Mistake: a unit is called dead if its output is 0 on any row, not on every row."""

import torch


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def tanh(x):
    return 2 * sigmoid(2 * x) - 1  # the same curve, rescaled; avoids exp overflow in float32


def relu(x):
    return torch.where(x > 0, x, torch.zeros_like(x))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh_grad(x):
    return 1 - tanh(x) ** 2


def relu_grad(x):
    return (x > 0).to(x.dtype)  # 0 at x = 0, as PyTorch


_FUNCTIONS = {"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad), "relu": (relu, relu_grad)}


def stack_gradient(x, kind, n):
    """d/dx of f applied n times: the product of f' at each layer's input (chain rule)."""
    f, f_grad = _FUNCTIONS[kind]
    grad = torch.ones_like(x)
    for _ in range(n):
        grad = grad * f_grad(x)
        x = f(x)
    return grad


def dead_units(X, W, b):
    """(h,) bool: True where relu(X Wᵀ + b) is 0 on every row of X."""
    return (X @ W.T + b <= 0).any(dim=0)
