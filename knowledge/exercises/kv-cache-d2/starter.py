"""Causal self-attention with a KV cache: decode new tokens without recomputing the prefix."""

import math  # noqa: F401

import torch  # noqa: F401
import torch.nn as nn


class KVCache:
    """Keys and values of every position seen so far, each (batch, heads, seq, head_dim)."""

    def __init__(self):
        self.k = None
        self.v = None

    def __len__(self):
        return 0 if self.k is None else self.k.size(-2)

    def update(self, k_new, v_new):
        """Append k_new and v_new (batch, heads, t, head_dim) after the cached positions.

        Returns (k, v): every cached position followed by the new ones.
        """
        raise NotImplementedError("TODO: append to the cache")


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads):
        super().__init__()
        self.num_heads, self.head_dim = num_heads, d_model // num_heads
        self.W_Q = nn.Linear(d_model, d_model, bias=False)
        self.W_K = nn.Linear(d_model, d_model, bias=False)
        self.W_V = nn.Linear(d_model, d_model, bias=False)
        self.W_O = nn.Linear(d_model, d_model, bias=False)

    def _split(self, x):
        """(batch, t, d_model) -> (batch, heads, t, head_dim)."""
        b, t, _ = x.shape
        return x.view(b, t, self.num_heads, self.head_dim).transpose(1, 2)

    def _merge(self, x):
        """(batch, heads, t, head_dim) -> (batch, t, d_model)."""
        b, _, t, _ = x.shape
        return x.transpose(1, 2).reshape(b, t, self.num_heads * self.head_dim)

    def forward(self, x, cache=None):
        """x: (batch, t, d_model), the NEW tokens. Returns (batch, t, d_model).

        Without a cache the t tokens are positions 0 .. t-1. With a cache that already holds
        P positions they are positions P .. P+t-1: project them, append their keys and
        values to the cache, and let each new query attend to every cached key and to the
        new keys up to its own position (never to a later one).
        """
        # TODO:
        # 1. q, k, v for the new tokens (W_Q, W_K, W_V, then _split)
        # 2. if there is a cache, k, v = cache.update(k, v)
        # 3. causal scores over all keys; the new queries are the LAST t positions
        # 4. softmax, weights @ v, _merge, W_O
        raise NotImplementedError("TODO: attention with an optional cache")
