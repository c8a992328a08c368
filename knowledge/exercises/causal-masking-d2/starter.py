"""Causal (autoregressive) attention: a query never sees keys that come after it."""

import math  # noqa: F401

import torch  # noqa: F401


def causal_mask(q_len, k_len=None, device=None):
    """Bool tensor (q_len, k_len); True means "may attend".

    k_len defaults to q_len. When k_len > q_len the queries are the LAST q_len positions of
    the sequence (as when new tokens attend over a prefix), so query i sits at position
    i + (k_len - q_len) and may see every key up to and including that position.

    causal_mask(3)    -> [[1, 0, 0],       causal_mask(2, 4) -> [[1, 1, 1, 0],
                          [1, 1, 0],                              [1, 1, 1, 1]]
                          [1, 1, 1]]
    """
    raise NotImplementedError("TODO: build the lower-triangular mask (mind the offset)")


def causal_attention(q, k, v):
    """Scaled dot-product attention in which no query sees a later key.

    q: (..., L, d); k and v: (..., S, d) with L <= S. Returns (output (..., L, d),
    weights (..., L, S)); each row of weights sums to 1 and is 0 on future keys.
    """
    # TODO: scores -> mask out the future -> softmax over keys -> weights @ v
    raise NotImplementedError("TODO: causal attention")
