"""Mistake: the nesterov flag is accepted but the classical update is always used."""

import torch


def sgd_momentum_step(param, grad, velocity, lr, momentum, nesterov=False):
    """v ← μ v + g; classical moves by −lr v, Nesterov by −lr (g + μ v). Returns (param, v)."""
    v = momentum * velocity + grad
    step = v
    return param - lr * step, v


def minimise_quadratic(A, b, x0, lr, momentum, nesterov, steps):
    """f(x) = ½ xᵀ A x − bᵀ x from x0 -> [f(x0), f(x1), …, f(x_steps)]."""

    def f(x):
        return (0.5 * x @ A @ x - b @ x).item()

    x, v = x0.clone(), torch.zeros_like(x0)
    values = [f(x)]
    for _ in range(steps):
        x, v = sgd_momentum_step(x, A @ x - b, v, lr, momentum, nesterov)
        values.append(f(x))
    return values
