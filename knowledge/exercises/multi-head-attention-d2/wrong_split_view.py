"""Mistake: heads are split by a view straight to (batch, heads, seq, d_k), with no transpose."""

import math

import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, num_heads: int):
        super().__init__()
        if d_model % num_heads:
            raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
        self.d_model = d_model
        self.num_heads = num_heads
        self.d_k = d_model // num_heads
        self.W_Q = nn.Linear(d_model, d_model)
        self.W_K = nn.Linear(d_model, d_model)
        self.W_V = nn.Linear(d_model, d_model)
        self.W_O = nn.Linear(d_model, d_model)

    def split_heads(self, x: torch.Tensor, batch_size: int) -> torch.Tensor:
        """(batch, seq, d_model) -> (batch, num_heads, seq, d_k)."""
        return x.view(batch_size, self.num_heads, -1, self.d_k)

    def forward(self, Q, K, V, mask=None):
        batch_size = Q.size(0)
        q = self.split_heads(self.W_Q(Q), batch_size)
        k = self.split_heads(self.W_K(K), batch_size)
        v = self.split_heads(self.W_V(V), batch_size)

        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)
        if mask is not None:
            scores = scores.masked_fill(mask == 0, float("-inf"))
        attention_weights = torch.softmax(scores, dim=-1)

        context = attention_weights @ v  # (batch, heads, seq_q, d_k)
        context = context.transpose(1, 2).contiguous().view(batch_size, -1, self.d_model)
        return self.W_O(context), attention_weights
