"""Mistake: the mask ignores the prefix offset (aligned top-left, like is_causal with L < S)."""

import math

import torch


def causal_mask(q_len, k_len=None, device=None):
    """Bool (q_len, k_len); True = may attend. Queries are the last q_len of the k_len positions."""
    k_len = q_len if k_len is None else k_len
    ones = torch.ones(q_len, k_len, dtype=torch.bool, device=device)
    return torch.tril(ones)


def causal_attention(q, k, v):
    """q: (..., L, d), k and v: (..., S, d) with L <= S. Returns (output, weights)."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    mask = causal_mask(q.size(-2), k.size(-2), device=q.device)
    scores = scores.masked_fill(~mask, float("-inf"))  # before the softmax
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
