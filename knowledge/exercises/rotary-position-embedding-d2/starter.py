"""Rotary position embedding: rotate each adjacent pair (x[2i], x[2i+1]) by position * theta_i."""

import torch  # noqa: F401


def rope_frequencies(head_dim, base=10000.0):
    """Return a float32 tensor (head_dim/2,) with theta_i = base^(-2i / head_dim)."""
    raise NotImplementedError("TODO: the rotation frequencies")


def apply_rope(x, positions, base=10000.0):
    """Rotate queries or keys by their positions.

    x: (..., seq, head_dim), head_dim even; positions: (seq,) integer tensor giving the
    position of each row (not necessarily 0, 1, 2, ...).
    For every pair i, with angle = positions[t] * theta_i:

        out[..., t, 2i]     = x[..., t, 2i] * cos(angle) - x[..., t, 2i+1] * sin(angle)
        out[..., t, 2i + 1] = x[..., t, 2i] * sin(angle) + x[..., t, 2i+1] * cos(angle)

    Returns a tensor with the shape and dtype of x.
    """
    raise NotImplementedError("TODO: rotate the adjacent pairs")
