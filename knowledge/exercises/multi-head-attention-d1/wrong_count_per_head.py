"""Mistake: every head is counted as having its own full d_model × d_model projections."""

import math


def split_heads(vector, num_heads):
    """A d_model-long list -> num_heads lists of d_k = d_model / num_heads consecutive features."""
    if len(vector) % num_heads:
        raise ValueError(f"d_model={len(vector)} is not divisible by num_heads={num_heads}")
    d_k = len(vector) // num_heads
    return [vector[h * d_k : (h + 1) * d_k] for h in range(num_heads)]


def _softmax(scores):
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return [e / sum(exps) for e in exps]


def head_weights(query, keys, num_heads):
    """For each head h: softmax_j(q_h · k_j,h / sqrt(d_k)), with q_h, k_j,h the head's slices."""
    d_k = len(query) // num_heads
    q_heads = split_heads(query, num_heads)
    k_heads = [split_heads(k, num_heads) for k in keys]
    return [
        _softmax(
            [sum(a * b for a, b in zip(q_heads[h], kh[h], strict=True)) / math.sqrt(d_k) for kh in k_heads]
        )
        for h in range(num_heads)
    ]


def parameter_count(d_model, num_heads):
    """W_Q, W_K, W_V and W_O, each d_model × d_model with a bias; the same for any head count."""
    if d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    return num_heads * 3 * (d_model * d_model + d_model) + d_model * d_model + d_model
