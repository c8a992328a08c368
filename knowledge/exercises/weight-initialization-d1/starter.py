"""How the scale of the initial weights sets the scale of the signal, and why zero fails."""

import math  # noqa: F401


def linear_output_variance(fan_in, weight_std, input_var=1.0):
    """Var(sum_i w_i x_i) for fan_in independent zero-mean w_i (std weight_std) and x_i."""
    raise NotImplementedError("TODO: the variance of one output")


def variance_after(n_layers, fan_in, weight_std):
    """The variance after n_layers linear layers, starting from unit variance."""
    raise NotImplementedError("TODO: apply the rule n_layers times")


def xavier_std(fan_in, fan_out):
    """sqrt(2 / (fan_in + fan_out))."""
    raise NotImplementedError("TODO: Xavier (Glorot) standard deviation")


def kaiming_std(fan_in):
    """sqrt(2 / fan_in), for relu layers."""
    raise NotImplementedError("TODO: Kaiming (He) standard deviation")


def hidden_gradients(x, y, w_in, w_out):
    """h_i = tanh(w_in[i] x), y_hat = sum_i w_out[i] h_i, L = (y_hat - y)^2 / 2.

    Returns (dL/dw_in, dL/dw_out), two lists of two numbers.
    """
    raise NotImplementedError("TODO: the gradients of the four weights")
