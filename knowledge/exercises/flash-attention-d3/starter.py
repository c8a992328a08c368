"""Tiled attention with an online softmax: exact attention without the full (L, S) matrix."""

import math  # noqa: F401

import torch  # noqa: F401


def tiled_attention(q, k, v, block_size=16, causal=False):
    """Exact softmax(q k^T / sqrt(d)) v, computed over blocks of keys.

    q: (..., L, d), k: (..., S, d), v: (..., S, d_v), with L <= S when causal.
    Visit the keys and values in blocks of block_size (the last block may be shorter) and
    never build the full (L, S) score matrix. For every query keep three running values:

      m   (..., L, 1)    the largest score seen so far
      l   (..., L, 1)    sum of exp(score - m) over the keys seen so far
      acc (..., L, d_v)  sum of exp(score - m) * value over the keys seen so far

    When a block raises the maximum from m to m_new, what was summed under the old maximum
    must be rescaled by exp(m - m_new) before the block is added.

    causal=True: the queries are the last L of the S positions, so query i may see keys
    0 .. i + (S - L).

    Returns (out, lse): out = acc / l at the end, shape (..., L, d_v); lse = m + log(l),
    the log-sum-exp of each query's scaled scores, shape (..., L).
    """
    raise NotImplementedError("TODO: loop over key blocks with an online softmax")
