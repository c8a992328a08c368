"""Mistake: the residual gradient forgets the identity path and multiplies only the branch derivatives."""

import math


def plain_forward(x, ws):
    for w in ws:
        x = math.tanh(w * x)
    return x


def residual_forward(x, ws):
    for w in ws:
        x = x + math.tanh(w * x)
    return x


def _branch_derivative(w, x):
    return w * (1 - math.tanh(w * x) ** 2)


def plain_gradient(x, ws):
    grad = 1.0
    for w in ws:
        grad *= _branch_derivative(w, x)  # at the value entering this layer
        x = math.tanh(w * x)
    return grad


def residual_gradient(x, ws):
    grad = 1.0
    for w in ws:
        grad *= _branch_derivative(w, x)
        x = x + math.tanh(w * x)
    return grad
