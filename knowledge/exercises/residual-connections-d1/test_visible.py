import math

from exercise import plain_forward, plain_gradient, residual_forward, residual_gradient


def test_forward_of_one_layer():
    assert math.isclose(plain_forward(1.0, [2.0]), math.tanh(2.0))
    assert math.isclose(residual_forward(1.0, [2.0]), 1.0 + math.tanh(2.0))


def test_ten_layers_at_zero():
    ws = [0.5] * 10
    assert math.isclose(plain_gradient(0.0, ws), 0.5**10), "at x = 0 every plain layer contributes w"
    assert math.isclose(residual_gradient(0.0, ws), 1.5**10), (
        "at x = 0 every residual block contributes 1 + w"
    )
