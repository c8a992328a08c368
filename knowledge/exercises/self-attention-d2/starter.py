"""A single-head self-attention layer with learned projections, and its permutation equivariance.

Keep the names W_Q, W_K, W_V and W_O: the tests read your weights from state_dict().
"""

import math  # noqa: F401

import torch
import torch.nn as nn


class SelfAttention(nn.Module):
    def __init__(self, d_model: int):
        super().__init__()
        self.d_model = d_model
        self.W_Q = nn.Linear(d_model, d_model)
        self.W_K = nn.Linear(d_model, d_model)
        self.W_V = nn.Linear(d_model, d_model)
        self.W_O = nn.Linear(d_model, d_model)

    def forward(self, x, pos=None):
        """x: (batch, seq, d_model). pos: optional (seq, d_model) position vectors, added to x first.

        Returns (output, weights): output is W_O(softmax(q kᵀ / sqrt(d_model)) v) with q, k, v the
        three projections of the same x, shape (batch, seq, d_model); weights is (batch, seq, seq).
        """
        raise NotImplementedError("TODO: self-attention")

    @torch.no_grad()
    def equivariance_error(self, x, perm, pos=None):
        """Reorder the tokens of x by perm (a list of indices, so token i becomes x[:, perm[i]]).

        Return, as a float, the largest absolute difference between the layer's output on the
        reordered x and the layer's output on x reordered the same way.
        """
        raise NotImplementedError("TODO: compare f(x[:, perm]) with f(x)[:, perm]")
