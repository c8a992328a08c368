"""Mistake: future weights are zeroed after the softmax, so rows no longer sum to 1."""

import math

import torch


def causal_mask(q_len, k_len=None, device=None):
    """Bool (q_len, k_len); True = may attend. Queries are the last q_len of the k_len positions."""
    k_len = q_len if k_len is None else k_len
    offset = k_len - q_len  # position of query 0 among the keys
    ones = torch.ones(q_len, k_len, dtype=torch.bool, device=device)
    return torch.tril(ones, diagonal=offset)


def causal_attention(q, k, v):
    """q: (..., L, d), k and v: (..., S, d) with L <= S. Returns (output, weights)."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    mask = causal_mask(q.size(-2), k.size(-2), device=q.device)
    weights = torch.softmax(scores, dim=-1)
    weights = weights.masked_fill(~mask, 0.0)
    return weights @ v, weights
