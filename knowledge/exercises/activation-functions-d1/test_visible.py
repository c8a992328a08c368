import math

from exercise import collapse, relu, sigmoid, tanh


def test_values_at_zero():
    assert sigmoid(0) == 0.5 and tanh(0) == 0 and relu(0) == 0


def test_a_few_values():
    assert math.isclose(sigmoid(2), 0.8808, abs_tol=1e-4)
    assert math.isclose(tanh(1), 0.7616, abs_tol=1e-4)
    assert relu(-3) == 0 and relu(2.5) == 2.5


def test_collapse_of_the_hand_example():
    W, b = collapse([[1, 2]], [1], [[3], [-1]], [0, 2])
    assert W == [[3, 6], [-1, -2]]
    assert b == [3, 1]
