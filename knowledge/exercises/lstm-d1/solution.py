"""One LSTM cell with a single unit, step by step, in plain Python."""

import math


def sigmoid(z):
    """1 / (1 + e^-z), in (0, 1)."""
    return 1.0 / (1.0 + math.exp(-z))


def lstm_step(x, h, c, params):
    """One step of a one-unit LSTM.

    params maps each gate name "i", "f", "g", "o" to (w, u, b): pre-activation w*x + u*h + b.
    Returns a dict with the gates i, f, g, o and the new state c and h.
    """
    z = {name: w * x + u * h + b for name, (w, u, b) in params.items()}
    i, f, o = sigmoid(z["i"]), sigmoid(z["f"]), sigmoid(z["o"])
    g = math.tanh(z["g"])
    c_new = f * c + i * g
    h_new = o * math.tanh(c_new)
    return {"i": i, "f": f, "g": g, "o": o, "c": c_new, "h": h_new}


def run_lstm(xs, params, h0=0.0, c0=0.0):
    """Feed the inputs xs one at a time; the list of (h, c) after each step."""
    h, c, states = h0, c0, []
    for x in xs:
        step = lstm_step(x, h, c, params)
        h, c = step["h"], step["c"]
        states.append((h, c))
    return states
