"""Mistake: the moments are used without bias correction, so early steps are too large."""

import math


def adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Step t (from 1) -> (theta, m, v): moment averages, bias correction, scaled update."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat, v_hat = m, v
    return theta - lr * m_hat / (math.sqrt(v_hat) + eps), m, v
