"""Sinusoidal positional encoding, and the linear map that shifts it by a fixed offset."""

import torch  # noqa: F401


def sinusoidal_positional_encoding(seq_len, d_model):
    """Return a float32 tensor of shape (seq_len, d_model) with, for i = 0 .. d_model/2 - 1,

        PE[p, 2i]     = sin(p / 10000^(2i / d_model))
        PE[p, 2i + 1] = cos(p / 10000^(2i / d_model))

    Sines sit in the even columns and cosines in the odd ones; columns 2i and 2i + 1 share
    one frequency. d_model is even.
    """
    raise NotImplementedError("TODO: build the (seq_len, d_model) table")


def shift_matrix(offset, d_model):
    """Return a float32 (d_model, d_model) matrix M, independent of p, such that

        PE[p + offset] = M @ PE[p]   for every position p.

    Hint: sin(a + b) and cos(a + b) in terms of sin a, cos a, sin b, cos b.
    """
    raise NotImplementedError("TODO: one 2x2 block per frequency")
