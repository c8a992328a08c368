"""SGD with classical and Nesterov momentum, as torch.optim.SGD computes it (dampening 0)."""

import torch  # noqa: F401


def sgd_momentum_step(param, grad, velocity, lr, momentum, nesterov=False):
    """One SGD step with momentum; returns new tensors (new_param, new_velocity).

    v ← μ v + g. Classical momentum moves by −lr · v; Nesterov by −lr · (g + μ v) with the new v.
    """
    # TODO
    raise NotImplementedError("TODO: sgd_momentum_step")


def minimise_quadratic(A, b, x0, lr, momentum, nesterov, steps):
    """Minimise f(x) = ½ xᵀ A x − bᵀ x (gradient A x − b) from x0, velocity starting at zeros.

    Returns [f(x0), f(x1), ..., f(x_steps)] as floats.
    """
    # TODO
    raise NotImplementedError("TODO: minimise_quadratic")
