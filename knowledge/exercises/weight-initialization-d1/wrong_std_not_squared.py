"""Mistake: the standard deviation of the weights is used where their variance belongs."""

import math


def linear_output_variance(fan_in, weight_std, input_var=1.0):
    # fan_in independent zero-mean products, each of variance Var(w) Var(x): the variances add
    return fan_in * weight_std * input_var


def variance_after(n_layers, fan_in, weight_std):
    var = 1.0
    for _ in range(n_layers):
        var = linear_output_variance(fan_in, weight_std, var)
    return var


def xavier_std(fan_in, fan_out):
    return math.sqrt(2.0 / (fan_in + fan_out))


def kaiming_std(fan_in):
    return math.sqrt(2.0 / fan_in)  # relu halves the second moment; the 2 restores it


def hidden_gradients(x, y, w_in, w_out):
    h = [math.tanh(w * x) for w in w_in]
    err = sum(w * hi for w, hi in zip(w_out, h, strict=True)) - y
    d_w_out = [err * hi for hi in h]
    d_w_in = [err * w * (1 - hi**2) * x for w, hi in zip(w_out, h, strict=True)]
    return d_w_in, d_w_out
