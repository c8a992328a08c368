import math

from exercise import collapse, relu, sigmoid, tanh


def _close(actual, expected, what):
    assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12), (
        f"{what}: got {actual}, expected {expected}"
    )


def test_sigmoid_rises_from_zero_to_one():
    _close(sigmoid(3.0), 1 / (1 + math.exp(-3.0)), "sigmoid(3) = 1 / (1 + e^(−3))")
    assert sigmoid(-5) < 0.01 < 0.99 < sigmoid(5), "sigmoid goes from near 0 (very negative x) to near 1"
    _close(sigmoid(-1.5) + sigmoid(1.5), 1.0, "sigmoid(−x) = 1 − sigmoid(x)")


def test_tanh_is_a_zero_centred_sigmoid():
    for x in (-2.0, -0.3, 0.7, 3.0):
        _close(tanh(x), math.tanh(x), f"tanh({x})")
        _close(tanh(x), 2 * sigmoid(2 * x) - 1, f"tanh({x}) should equal 2·sigmoid(2x) − 1")


def test_relu_passes_positives_and_zeroes_negatives():
    for x, y in ((-0.001, 0.0), (-7.0, 0.0), (0.25, 0.25), (10.0, 10.0)):
        _close(relu(x), y, f"relu({x})")


def _apply(W, b, x):
    return [sum(w * v for w, v in zip(row, x, strict=True)) + c for row, c in zip(W, b, strict=True)]


def test_collapse_multiplies_the_later_layer_on_the_left():
    W1, b1 = [[1.0, 2.0], [0.0, 1.0], [1.0, -1.0]], [0.0, 0.0, 0.0]  # 3 × 2
    W2, b2 = [[1.0, 0.0, 2.0], [0.0, 3.0, 1.0]], [0.0, 0.0]  # 2 × 3
    W, _ = collapse(W1, b1, W2, b2)
    assert W == [[3.0, 0.0], [1.0, 2.0]], (
        f"got W = {W}: x goes through W1 first, so the single weight is W2 W1 (the later layer on the left)"
    )


def test_collapse_equals_the_two_layers_on_inputs():
    W1, b1 = [[1.0, 0.5, -1.0], [2.0, 0.0, 1.0]], [0.5, -1.0]  # 2 × 3
    W2, b2 = [[1.0, -1.0], [0.0, 2.0], [3.0, 1.0], [-1.0, 0.0]], [0.0, 1.0, -2.0, 0.5]  # 4 × 2
    W, b = collapse(W1, b1, W2, b2)
    assert len(W) == 4 and all(len(row) == 3 for row in W), "W maps 3 inputs to 4 outputs: 4 × 3, it is W2 W1"
    for x in ([1.0, 2.0, 3.0], [0.0, -1.0, 0.5], [0.0, 0.0, 0.0]):
        two = _apply(W2, b2, _apply(W1, b1, x))
        one = _apply(W, b, x)
        for a, c in zip(one, two, strict=True):
            _close(a, c, f"on x = {x} the single layer must give W2 (W1 x + b1) + b2; the bias is W2 b1 + b2")
