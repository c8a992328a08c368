"""Mistake: the Jacobian keeps only the diagonal p_i (1 − p_i) and drops the −p_i p_j terms."""

import torch


def softmax(x, dim=-1, temperature=1.0):
    """softmax(x / temperature) along dim, shifted by the max so exp never overflows."""
    z = x / temperature
    e = torch.exp(z - z.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)


def softmax_jacobian(z):
    """z: (k,) logits -> (k, k) with J[i, j] = ∂p_i/∂z_j = p_i (δ_ij − p_j)."""
    p = softmax(z)
    return torch.diag(p * (1 - p))


def softmax_backward(p, grad_p):
    """Gradient w.r.t. the logits, given p = softmax(z) (last dim) and ∂L/∂p: p ⊙ (g − g·p)."""
    return p * (1 - p) * grad_p
