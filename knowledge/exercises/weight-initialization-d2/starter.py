"""Xavier (Glorot) and Kaiming (He) initialization, and the activation scale they give."""

import math  # noqa: F401

import torch  # noqa: F401


def xavier_uniform(fan_out, fan_in, gain=1.0):
    """A (fan_out, fan_in) tensor from U(-a, a) with std gain * sqrt(2 / (fan_in + fan_out))."""
    raise NotImplementedError("TODO: choose the bound a, then draw uniformly")


def kaiming_normal(fan_out, fan_in):
    """A (fan_out, fan_in) tensor from N(0, 2 / fan_in)."""
    raise NotImplementedError("TODO: draw from a normal with the relu variance")


def activation_stds(weights, x):
    """For each W: x = relu(x @ W.T); return the std of x after each layer, as floats."""
    raise NotImplementedError("TODO: measure the activations layer by layer")
