"""Sigmoid, tanh and ReLU with their derivatives, gradients through stacks, and dead units."""

import torch  # noqa: F401


def sigmoid(x):
    raise NotImplementedError("TODO: sigmoid")


def tanh(x):
    raise NotImplementedError("TODO: tanh")


def relu(x):
    raise NotImplementedError("TODO: relu")


def sigmoid_grad(x):
    """dσ/dx at the pre-activation x."""
    raise NotImplementedError("TODO: sigmoid_grad")


def tanh_grad(x):
    """d tanh/dx at the pre-activation x."""
    raise NotImplementedError("TODO: tanh_grad")


def relu_grad(x):
    """d relu/dx at x: 1 where x > 0, else 0 (0 at x = 0, as PyTorch)."""
    raise NotImplementedError("TODO: relu_grad")


def stack_gradient(x, kind, n):
    """d/dx of f(f(...f(x)...)), f applied n times, kind in {"sigmoid", "tanh", "relu"}.

    Use the chain rule: multiply f' at the input of each layer.
    """
    # TODO
    raise NotImplementedError("TODO: stack_gradient")


def dead_units(X, W, b):
    """X: (N, d), W: (h, d), b: (h,) -> (h,) bool, True where relu(X Wᵀ + b) is 0 on every row."""
    # TODO
    raise NotImplementedError("TODO: dead_units")
