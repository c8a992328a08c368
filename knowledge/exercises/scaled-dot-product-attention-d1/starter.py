"""Scaled dot-product attention: softmax(q k^T / sqrt(d)) v."""

import math  # noqa: F401  (you will need math.sqrt)

import torch  # noqa: F401


def scaled_dot_product_attention(q, k, v, mask=None):
    """Attend from every query to every key and mix the values.

    q: (..., L, d) queries, k: (..., S, d) keys, v: (..., S, d_v) values; the leading
    dimensions (batch, heads, ...) are shared.
    mask: optional bool tensor broadcastable to (..., L, S); True means "may attend".

    Returns (output, weights): output is (..., L, d_v); weights is (..., L, S) and each row
    (one query over all keys) sums to 1.
    """
    # TODO:
    # 1. scores = q @ k^T, divided by the square root of the query/key size d
    # 2. where mask is False, set the score to -inf
    # 3. softmax over the keys
    # 4. output = weights @ v
    raise NotImplementedError("TODO: scaled dot-product attention")
