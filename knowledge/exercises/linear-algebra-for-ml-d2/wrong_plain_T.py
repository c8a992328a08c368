"""Mistake: b.T is used for the scores; it is right for one matrix but reverses every dim of a batch."""

import torch


def linear(x, weight, bias=None):
    """x: (..., d_in), weight: (d_out, d_in), bias: (d_out,) -> x Wᵀ + b, (..., d_out)."""
    out = x @ weight.T
    return out if bias is None else out + bias


def pairwise_scores(a, b):
    """a: (..., n, d), b: (..., m, d) -> (..., n, m) dot products."""
    return a @ b.T


def cosine_scores(a, b):
    """a: (..., n, d), b: (..., m, d) -> (..., n, m) cosines of the angles between pairs."""
    a = a / torch.linalg.vector_norm(a, dim=-1, keepdim=True)
    b = b / torch.linalg.vector_norm(b, dim=-1, keepdim=True)
    return pairwise_scores(a, b)
