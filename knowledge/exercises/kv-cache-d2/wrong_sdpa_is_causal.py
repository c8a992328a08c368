"""Mistake: is_causal=True with fewer queries than keys aligns the mask top-left, hiding the prefix."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class KVCache:
    """Keys and values of every position seen so far, each (batch, heads, seq, head_dim)."""

    def __init__(self):
        self.k = None
        self.v = None

    def __len__(self):
        return 0 if self.k is None else self.k.size(-2)

    def update(self, k_new, v_new):
        """Append the new positions along the sequence dimension; return all keys and values."""
        if self.k is None:
            self.k, self.v = k_new, v_new
        else:
            self.k = torch.cat([self.k, k_new], dim=-2)
            self.v = torch.cat([self.v, v_new], dim=-2)
        return self.k, self.v


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads):
        super().__init__()
        self.num_heads, self.head_dim = num_heads, d_model // num_heads
        self.W_Q = nn.Linear(d_model, d_model, bias=False)
        self.W_K = nn.Linear(d_model, d_model, bias=False)
        self.W_V = nn.Linear(d_model, d_model, bias=False)
        self.W_O = nn.Linear(d_model, d_model, bias=False)

    def _split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.num_heads, self.head_dim).transpose(1, 2)

    def _merge(self, x):
        b, _, t, _ = x.shape
        return x.transpose(1, 2).reshape(b, t, self.num_heads * self.head_dim)

    def forward(self, x, cache=None):
        q, k, v = self._split(self.W_Q(x)), self._split(self.W_K(x)), self._split(self.W_V(x))
        if cache is not None:
            k, v = cache.update(k, v)
        context = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.W_O(self._merge(context))
