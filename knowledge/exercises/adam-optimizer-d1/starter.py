"""One Adam step for a single parameter, in plain Python."""

import math  # noqa: F401


def adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam's step number t (counting from 1) for one number theta.

    m, v are the running averages from the previous step (0 before the first one).
    Returns (new_theta, new_m, new_v).
    """
    # TODO:
    # 1. update m with the gradient and v with its square
    # 2. bias-correct both with the step number t
    # 3. move theta by lr · m̂ / (√v̂ + eps)
    raise NotImplementedError("TODO: adam_step")
