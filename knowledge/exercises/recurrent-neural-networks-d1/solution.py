"""A scalar vanilla RNN: the same weights at every step, a hidden state carried forward."""

import math


def rnn_states(xs, w_x, w_h, b, h0=0.0):
    h, states = h0, []
    for x in xs:
        h = math.tanh(w_x * x + w_h * h + b)  # reads the state the previous step left
        states.append(h)
    return states


def count_parameters(input_size, hidden_size, seq_len):
    # weights are shared across time steps, so seq_len does not appear
    return hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size
