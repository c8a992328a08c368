import math

from exercise import forward, gradients, sgd_step


def test_forward_at_the_worked_example():
    h, y_hat = forward(1.0, 0.5, 2.0)
    assert math.isclose(h, 1 / (1 + math.exp(-0.5)), rel_tol=1e-9), f"h = {h}, expected sigmoid(0.5)"
    assert math.isclose(y_hat, 2.0 * h, rel_tol=1e-9), f"y_hat = {y_hat}, expected w2 * h"


def test_gradients_at_the_worked_example():
    d_w1, d_w2 = gradients(1.0, 1.0, 0.5, 2.0)
    h = 1 / (1 + math.exp(-0.5))
    err = 2 * h - 1
    assert math.isclose(d_w2, err * h, rel_tol=1e-9), f"dL/dw2 = {d_w2}, expected {err * h}"
    expected_w1 = err * 2.0 * h * (1 - h) * 1.0
    assert math.isclose(d_w1, expected_w1, rel_tol=1e-9), f"dL/dw1 = {d_w1}, expected {expected_w1}"


def test_a_step_returns_two_numbers():
    w1, w2 = sgd_step(1.0, 1.0, 0.5, 2.0, lr=0.1)
    assert isinstance(w1, float) and isinstance(w2, float)
