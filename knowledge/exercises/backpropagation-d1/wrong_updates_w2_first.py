"""Mistake: w2 is updated first, and dL/dw1 is then computed with the new w2."""

import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def forward(x, w1, w2):
    h = sigmoid(w1 * x)
    return h, w2 * h


def gradients(x, y, w1, w2):
    h, y_hat = forward(x, w1, w2)
    d_yhat = y_hat - y  # dL/dy_hat
    d_w2 = d_yhat * h
    d_h = d_yhat * w2  # back through the output weight
    d_w1 = d_h * h * (1 - h) * x  # back through the sigmoid, then the input weight
    return d_w1, d_w2


def sgd_step(x, y, w1, w2, lr):
    _, d_w2 = gradients(x, y, w1, w2)
    w2 = w2 - lr * d_w2
    d_w1, _ = gradients(x, y, w1, w2)  # uses the already updated w2
    return w1 - lr * d_w1, w2
