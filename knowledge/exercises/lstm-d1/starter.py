"""One LSTM cell with a single unit, step by step, in plain Python."""

import math  # noqa: F401  (you will need math.exp and math.tanh)


def sigmoid(z):
    """1 / (1 + e^-z), in (0, 1)."""
    raise NotImplementedError("TODO: sigmoid")


def lstm_step(x, h, c, params):
    """One step of a one-unit LSTM.

    params maps each gate name "i", "f", "g", "o" to (w, u, b); the gate's pre-activation is
    w * x + u * h + b, with x the input and h the previous hidden state.

    Returns a dict with keys "i", "f", "g", "o" (the gate values), "c" (the new cell state)
    and "h" (the new hidden state).
    """
    # TODO:
    # 1. input gate i, forget gate f, output gate o: sigmoid of their pre-activations
    # 2. candidate g: tanh of its pre-activation
    # 3. c_new = f * c + i * g
    # 4. h_new = o * tanh(c_new)
    raise NotImplementedError("TODO: one LSTM step")


def run_lstm(xs, params, h0=0.0, c0=0.0):
    """Feed the inputs xs one at a time, carrying (h, c); return the list of (h, c) after each step."""
    raise NotImplementedError("TODO: run the cell over the sequence")
