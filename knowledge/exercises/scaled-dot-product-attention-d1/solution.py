"""Scaled dot-product attention: softmax(q k^T / sqrt(d)) v."""

import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    """q: (..., L, d), k: (..., S, d), v: (..., S, d_v); mask: bool, True = may attend.

    Returns (output (..., L, d_v), weights (..., L, S)).
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
