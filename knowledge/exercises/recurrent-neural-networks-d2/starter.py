"""A vanilla RNN with nn.RNN's parameter names, its backward pass through time, and clipping."""

import torch  # noqa: F401
import torch.nn as nn


class VanillaRNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        """weight_ih_l0 (hidden, input), weight_hh_l0 (hidden, hidden), bias_ih_l0, bias_hh_l0 (hidden,)."""
        super().__init__()
        raise NotImplementedError("TODO: the four parameters")

    def forward(self, x, h0=None):
        """x: (batch, seq, input); h0: (1, batch, hidden) or None for zeros.

        Returns (outputs (batch, seq, hidden), h_n (1, batch, hidden)).
        """
        raise NotImplementedError("TODO: the recurrence over time")


def bptt(x, target, weights):
    """x: (seq, input), target: (hidden,), weights: the four tensors by name.

    Returns (loss, grads) with loss = 0.5 * ||h_T - target||^2, gradients by hand.
    """
    # TODO: forward pass keeping every h_t; then from t = T down to 1:
    # dz = dh * (1 - h_t^2); add outer products to the weight gradients; dh = W_hh^T dz
    raise NotImplementedError("TODO: backpropagation through time")


def clip_grad_norm(grads, max_norm):
    """(clipped copies, total norm of all gradients together), as clip_grad_norm_."""
    raise NotImplementedError("TODO: clip by the global norm")
