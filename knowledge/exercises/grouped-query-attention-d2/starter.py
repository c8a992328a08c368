"""Grouped-query attention: groups of query heads share one key/value head."""

import math  # noqa: F401

import torch  # noqa: F401
import torch.nn as nn


def repeat_kv(x, n_rep):
    """(batch, n_kv_heads, seq, head_dim) -> (batch, n_kv_heads * n_rep, seq, head_dim).

    Query heads are grouped in order: heads 0 .. n_rep-1 share kv head 0, the next n_rep
    share kv head 1, and so on. So output head h must be input head h // n_rep.
    """
    raise NotImplementedError("TODO: repeat each kv head n_rep times")


class GroupedQueryAttention(nn.Module):
    """Self-attention with num_heads query heads and num_kv_heads key/value heads.

    Layers (all nn.Linear with bias=False), head_dim = d_model // num_heads:
      W_Q: d_model -> num_heads * head_dim
      W_K, W_V: d_model -> num_kv_heads * head_dim
      W_O: num_heads * head_dim -> d_model
    """

    def __init__(self, d_model, num_heads, num_kv_heads):
        super().__init__()
        raise NotImplementedError("TODO: store the sizes and create W_Q, W_K, W_V, W_O")

    def forward(self, x, causal=False):
        """x: (batch, seq, d_model) -> (batch, seq, d_model).

        Split q into num_heads heads and k, v into num_kv_heads heads, share each kv head
        with its group of query heads (repeat_kv), run scaled dot-product attention
        (future positions masked when causal=True), merge the heads and apply W_O.
        """
        raise NotImplementedError("TODO: grouped-query attention forward pass")
