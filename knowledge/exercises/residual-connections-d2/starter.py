"""Residual blocks x + F(x), stacks of them, and the gradient that reaches the input."""

import torch  # noqa: F401
import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, hidden, residual=True):
        """fc1 = nn.Linear(dim, hidden), fc2 = nn.Linear(hidden, dim)."""
        super().__init__()
        raise NotImplementedError("TODO: the two layers")

    def forward(self, x):
        """x + fc2(relu(fc1(x))), or only the branch when residual is False."""
        raise NotImplementedError("TODO: branch plus skip")


def make_stack(dim, hidden, depth, residual=True):
    """nn.Sequential of depth blocks."""
    raise NotImplementedError("TODO: stack the blocks")


def input_gradient_norm(model, x):
    """||d model(x).sum() / dx||, as a float; leave the caller's x unchanged."""
    raise NotImplementedError("TODO: the gradient with respect to the input")
