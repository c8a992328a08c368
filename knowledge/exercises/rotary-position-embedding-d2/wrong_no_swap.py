"""Mistake: multiplies by cos and sin without swapping the pair, which is not a rotation."""

import torch


def rope_frequencies(head_dim, base=10000.0):
    """theta_i = base^(-2i / head_dim) for i = 0 .. head_dim/2 - 1."""
    two_i = torch.arange(0, head_dim, 2, dtype=torch.float64)
    return (base ** (-two_i / head_dim)).float()


def apply_rope(x, positions, base=10000.0):
    """x: (..., seq, head_dim); positions: (seq,) integers. Returns the rotated x."""
    angles = positions.to(torch.float64)[:, None] * rope_frequencies(x.size(-1), base).double()[None, :]
    cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)  # (seq, head_dim/2)
    cos, sin = cos.repeat_interleave(2, dim=-1), sin.repeat_interleave(2, dim=-1)
    return x * cos + x * sin
