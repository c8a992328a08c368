"""Scaled dot-product attention with PyTorch's mask conventions, and what the scale prevents."""

import math

import torch


def scaled_dot_product_attention(q, k, v, attn_mask=None, is_causal=False, scale=None):
    """Like torch.nn.functional.scaled_dot_product_attention, but returns (output, weights).

    attn_mask: bool (True = may attend) or float (added to the scores). is_causal: query i sees
    keys 0..i. scale: defaults to 1 / sqrt(d).
    """
    scale = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    scores = q @ k.transpose(-2, -1) * scale
    if is_causal:
        causal = torch.ones(q.size(-2), k.size(-2), dtype=torch.bool).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


def mean_max_weight(q, k, scaled=True):
    """How peaked the softmax is: the largest weight of each query's row, averaged, as a float."""
    scores = q @ k.transpose(-2, -1)
    if scaled:
        scores = scores / math.sqrt(q.size(-1))
    return torch.softmax(scores, dim=-1).amax(dim=-1).mean().item()
