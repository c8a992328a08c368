"""Mistake: the scores are scaled by 1/sqrt(d_model) instead of 1/sqrt(head_dim), the size of one head."""

import math

import torch
import torch.nn as nn


def repeat_kv(x, n_rep):
    """(batch, n_kv_heads, seq, head_dim) -> (batch, n_kv_heads * n_rep, seq, head_dim).

    Each kv head is repeated n_rep times in a row, so query head h reads kv head h // n_rep.
    """
    return x.repeat_interleave(n_rep, dim=1)


class GroupedQueryAttention(nn.Module):
    def __init__(self, d_model, num_heads, num_kv_heads):
        super().__init__()
        if d_model % num_heads or num_heads % num_kv_heads:
            raise ValueError("need d_model % num_heads == 0 and num_heads % num_kv_heads == 0")
        self.num_heads, self.num_kv_heads = num_heads, num_kv_heads
        self.head_dim = d_model // num_heads
        self.d_model = d_model
        self.W_Q = nn.Linear(d_model, num_heads * self.head_dim, bias=False)
        self.W_K = nn.Linear(d_model, num_kv_heads * self.head_dim, bias=False)
        self.W_V = nn.Linear(d_model, num_kv_heads * self.head_dim, bias=False)
        self.W_O = nn.Linear(num_heads * self.head_dim, d_model, bias=False)

    def forward(self, x, causal=False):
        b, s, _ = x.shape
        q = self.W_Q(x).view(b, s, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.W_K(x).view(b, s, self.num_kv_heads, self.head_dim).transpose(1, 2)
        v = self.W_V(x).view(b, s, self.num_kv_heads, self.head_dim).transpose(1, 2)
        n_rep = self.num_heads // self.num_kv_heads
        k, v = repeat_kv(k, n_rep), repeat_kv(v, n_rep)

        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_model)
        if causal:
            future = torch.ones(s, s, dtype=torch.bool, device=x.device).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        context = torch.softmax(scores, dim=-1) @ v
        return self.W_O(context.transpose(1, 2).reshape(b, s, -1))
