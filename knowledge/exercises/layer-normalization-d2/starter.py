"""LayerNorm and RMSNorm over the last dimension, with a learned per-feature scale."""

import torch
import torch.nn as nn


class LayerNorm(nn.Module):
    """y = (x - mean) / sqrt(var + eps) * weight + bias, statistics over the last dim.

    var is the biased variance (divide by n, not n - 1), as torch.nn.LayerNorm uses.
    weight starts at ones and bias at zeros; both have shape (dim,).
    """

    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        raise NotImplementedError("TODO: LayerNorm over the last dimension")


class RMSNorm(nn.Module):
    """y = x / sqrt(mean(x^2) + eps) * weight, statistics over the last dim.

    No mean is subtracted and there is no bias. weight starts at ones, shape (dim,).
    """

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        raise NotImplementedError("TODO: RMSNorm over the last dimension")
