"""Batched matrix products: a linear layer, dot-product scores and cosine scores."""

import torch  # noqa: F401


def linear(x, weight, bias=None):
    """What nn.Linear computes.

    x: (..., d_in) with any leading dimensions; weight: (d_out, d_in); bias: (d_out,) or None.
    Returns x Wᵀ + b with shape (..., d_out).
    """
    # TODO: one matrix product and a broadcast add
    raise NotImplementedError("TODO: linear")


def pairwise_scores(a, b):
    """a: (..., n, d), b: (..., m, d) -> (..., n, m), entry [..., i, j] = a[..., i, :] · b[..., j, :]."""
    # TODO: swap only the last two dimensions of b
    raise NotImplementedError("TODO: pairwise_scores")


def cosine_scores(a, b):
    """Like pairwise_scores, but each vector is first divided by its length: entries in [-1, 1]."""
    # TODO: torch.linalg.vector_norm(..., dim=..., keepdim=True) gives the lengths
    raise NotImplementedError("TODO: cosine_scores")
