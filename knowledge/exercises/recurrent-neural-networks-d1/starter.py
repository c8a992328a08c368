"""A scalar vanilla RNN: the same weights at every step, a hidden state carried forward."""

import math  # noqa: F401


def rnn_states(xs, w_x, w_h, b, h0=0.0):
    """[h_1, ..., h_T] with h_t = tanh(w_x * x_t + w_h * h_(t-1) + b), h_0 = h0."""
    raise NotImplementedError("TODO: run the recurrence")


def count_parameters(input_size, hidden_size, seq_len):
    """Parameters of a one-layer nn.RNN: weight_ih, weight_hh, bias_ih, bias_hh."""
    raise NotImplementedError("TODO: count the parameters")
