"""Rotary position embedding: rotate each adjacent pair (x[2i], x[2i+1]) by position * theta_i."""

import torch


def rope_frequencies(head_dim, base=10000.0):
    """theta_i = base^(-2i / head_dim) for i = 0 .. head_dim/2 - 1."""
    two_i = torch.arange(0, head_dim, 2, dtype=torch.float64)
    return (base ** (-two_i / head_dim)).float()


def apply_rope(x, positions, base=10000.0):
    """x: (..., seq, head_dim); positions: (seq,) integers. Returns the rotated x."""
    angles = positions.to(torch.float64)[:, None] * rope_frequencies(x.size(-1), base).double()[None, :]
    cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)  # (seq, head_dim/2)
    x_even, x_odd = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = x_even * cos - x_odd * sin
    out[..., 1::2] = x_even * sin + x_odd * cos
    return out
