"""Scaled dot-product attention with PyTorch's mask conventions, and what the scale prevents."""

import math  # noqa: F401

import torch  # noqa: F401


def scaled_dot_product_attention(q, k, v, attn_mask=None, is_causal=False, scale=None):
    """Like torch.nn.functional.scaled_dot_product_attention, but returns (output, weights).

    q: (..., L, d), k: (..., S, d), v: (..., S, d_v).
    attn_mask: optional, broadcastable to (..., L, S). If it is bool, True means "may attend"
      and False blocks the key. If it is float, it is added to the scores (0 keeps a key,
      -inf blocks it, other values bias it).
    is_causal: if True, query i may attend only to keys 0..i.
    scale: the factor applied to q kᵀ; None means 1 / sqrt(d).

    Returns (output (..., L, d_v), weights (..., L, S)).
    """
    raise NotImplementedError("TODO: scores, masks, softmax, weighted sum")


def mean_max_weight(q, k, scaled=True):
    """q: (L, d), k: (S, d). The softmax of q kᵀ (divided by sqrt(d) when scaled) over the keys:
    return the largest weight of each query's row, averaged over the queries, as a float.
    """
    raise NotImplementedError("TODO: how peaked is the softmax?")
