"""Mistake: acc is rescaled when the max moves, but the denominator is not."""

import math

import torch


def tiled_attention(q, k, v, block_size=16, causal=False):
    """q: (..., L, d), k: (..., S, d), v: (..., S, d_v). Returns (out (..., L, d_v), lse (..., L))."""
    L, S = q.size(-2), k.size(-2)
    scale = 1.0 / math.sqrt(q.size(-1))
    m = torch.full((*q.shape[:-1], 1), float("-inf"), dtype=q.dtype)  # running max of the scores
    denom = torch.zeros((*q.shape[:-1], 1), dtype=q.dtype)  # running sum of exp(score - m)
    acc = torch.zeros((*q.shape[:-1], v.size(-1)), dtype=q.dtype)  # running sum of exp(score - m) * v
    q_pos = torch.arange(L) + (S - L)  # queries are the last L positions

    for start in range(0, S, block_size):
        k_blk, v_blk = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        s = (q @ k_blk.transpose(-2, -1)) * scale
        if causal:
            k_pos = torch.arange(start, start + k_blk.size(-2))
            s = s.masked_fill(k_pos[None, :] > q_pos[:, None], float("-inf"))
        m_new = torch.maximum(m, s.amax(dim=-1, keepdim=True))
        p = torch.exp(s - m_new)
        alpha = torch.exp(m - m_new)  # rescales what was summed under the old max
        denom = denom + p.sum(dim=-1, keepdim=True)
        acc = alpha * acc + p @ v_blk
        m = m_new

    return acc / denom, (m + torch.log(denom)).squeeze(-1)
