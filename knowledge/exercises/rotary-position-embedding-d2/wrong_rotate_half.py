"""Mistake: pairs dimension i with i + d/2 (rotate_half layout) instead of 2i with 2i + 1."""

import torch


def rope_frequencies(head_dim, base=10000.0):
    """theta_i = base^(-2i / head_dim) for i = 0 .. head_dim/2 - 1."""
    two_i = torch.arange(0, head_dim, 2, dtype=torch.float64)
    return (base ** (-two_i / head_dim)).float()


def apply_rope(x, positions, base=10000.0):
    """x: (..., seq, head_dim); positions: (seq,) integers. Returns the rotated x."""
    angles = positions.to(torch.float64)[:, None] * rope_frequencies(x.size(-1), base).double()[None, :]
    cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)  # (seq, head_dim/2)
    half = x.size(-1) // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)
