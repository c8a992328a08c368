"""Mistake: the position vectors are accepted but never added to the tokens."""

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
        q, k, v = self.W_Q(x), self.W_K(x), self.W_V(x)
        weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(self.d_model), dim=-1)
        return self.W_O(weights @ v), weights

    @torch.no_grad()
    def equivariance_error(self, x, perm, pos=None):
        """max |f(x reordered by perm) − f(x) reordered by perm| over all entries."""
        out, _ = self(x, pos)
        out_perm, _ = self(x[:, perm], pos)
        return (out_perm - out[:, perm]).abs().max().item()
