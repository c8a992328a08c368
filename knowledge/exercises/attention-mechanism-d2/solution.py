"""Additive (Bahdanau) and dot-product (Luong) attention of one decoder state over encoder outputs."""

import torch
import torch.nn as nn


def _mix(scores, values, mask):
    """Masked softmax over the source positions, then the weighted sum of the values."""
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # (batch, S)
    context = (weights.unsqueeze(-1) * values).sum(dim=1)  # (batch, Dv)
    return context, weights


class AdditiveAttention(nn.Module):
    """score_i = vᵀ tanh(W_q q + W_k k_i)."""

    def __init__(self, query_dim: int, key_dim: int, attn_dim: int):
        super().__init__()
        self.W_q = nn.Linear(query_dim, attn_dim, bias=False)
        self.W_k = nn.Linear(key_dim, attn_dim, bias=False)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, query, keys, values, mask=None):
        """query (batch, Dq), keys (batch, S, Dk), values (batch, S, Dv), mask (batch, S) bool.

        Returns (context (batch, Dv), weights (batch, S)).
        """
        hidden = torch.tanh(self.W_q(query).unsqueeze(1) + self.W_k(keys))  # (batch, S, attn_dim)
        return _mix(self.v(hidden).squeeze(-1), values, mask)


def dot_product_attention(query, keys, values, mask=None):
    """score_i = q · k_i (no scaling). Same arguments and results as AdditiveAttention.forward."""
    scores = (keys @ query.unsqueeze(-1)).squeeze(-1)  # (batch, S)
    return _mix(scores, values, mask)
