"""Residual blocks x + F(x), stacks of them, and the gradient that reaches the input."""

import torch
import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, hidden, residual=True):
        super().__init__()
        self.residual = residual
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        branch = self.fc2(torch.relu(self.fc1(x)))
        return x + branch if self.residual else branch  # nothing after the sum


def make_stack(dim, hidden, depth, residual=True):
    return nn.Sequential(*[ResidualBlock(dim, hidden, residual) for _ in range(depth)])


def input_gradient_norm(model, x):
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(model(x).sum(), x)
    return grad.norm().item()
