"""Adam with bias correction, with an L2 penalty (Adam) or decoupled weight decay (AdamW)."""

import torch


def adam_step(param, grad, m, v, t, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False):
    """Step t (from 1) -> new (param, m, v); the inputs are left unchanged."""
    beta1, beta2 = betas
    if decoupled:
        param = param * (1 - lr * weight_decay)  # AdamW: decay outside the adaptive scaling
    elif weight_decay:
        grad = grad + weight_decay * param  # Adam's L2 penalty: part of the gradient
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param - lr * m_hat / (torch.sqrt(v_hat) + eps), m, v
