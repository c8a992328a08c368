"""Mistake: the scores compare the raw tokens (x xᵀ) instead of the projected queries and keys."""

import math

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
        """x (batch, seq, d_model); pos: optional (seq, d_model) added to x first.

        Returns (output (batch, seq, d_model), weights (batch, seq, seq)).
        """
        if pos is not None:
            x = x + pos
        v = self.W_V(x)
        weights = torch.softmax(x @ x.transpose(-2, -1) / math.sqrt(self.d_model), dim=-1)
        return self.W_O(weights @ v), weights

    @torch.no_grad()
    def equivariance_error(self, x, perm, pos=None):
        """max |f(x reordered by perm) − f(x) reordered by perm| over all entries."""
        out, _ = self(x, pos)
        out_perm, _ = self(x[:, perm], pos)
        return (out_perm - out[:, perm]).abs().max().item()
