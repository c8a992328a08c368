"""Sinusoidal positional encoding, and the linear map that shifts it by a fixed offset."""

import torch


def _frequencies(d_model):
    """omega_i = 1 / 10000^(2i / d_model) for i = 0 .. d_model/2 - 1."""
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    return 1.0 / (10000.0 ** (two_i / d_model))


def sinusoidal_positional_encoding(seq_len, d_model):
    """(seq_len, d_model): PE[p, 2i] = sin(p * omega_i), PE[p, 2i + 1] = cos(p * omega_i)."""
    if d_model % 2:
        raise ValueError("d_model must be even")
    angles = torch.arange(seq_len, dtype=torch.float64)[:, None] * _frequencies(d_model)[None, :]
    pe = torch.empty(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe.float()


def shift_matrix(offset, d_model):
    """(d_model, d_model) M with PE[p + offset] = M @ PE[p] for every position p."""
    angles = offset * _frequencies(d_model)
    cos, sin = torch.cos(angles), torch.sin(angles)
    m = torch.zeros(d_model, d_model, dtype=torch.float64)
    even, odd = torch.arange(0, d_model, 2), torch.arange(1, d_model, 2)
    # sin(a + b) = sin a cos b + cos a sin b;  cos(a + b) = cos a cos b - sin a sin b
    m[even, even], m[even, odd] = cos, sin
    m[odd, even], m[odd, odd] = -sin, cos
    return m.float()
