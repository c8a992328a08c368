"""Xavier (Glorot) and Kaiming (He) initialization, and the activation scale they give."""

import math

import torch


def xavier_uniform(fan_out, fan_in, gain=1.0):
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    bound = math.sqrt(3.0) * std  # U(-a, a) has standard deviation a / sqrt(3)
    return torch.empty(fan_out, fan_in).uniform_(-bound, bound)


def kaiming_normal(fan_out, fan_in):
    return torch.randn(fan_out, fan_in) * math.sqrt(2.0 / fan_in)


def activation_stds(weights, x):
    stds = []
    for W in weights:
        x = torch.relu(x @ W.T)
        stds.append(x.std().item())
    return stds
