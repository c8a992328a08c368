import math

from exercise import binary_cross_entropy, mse


def test_mse_of_three_predictions():
    # errors −0.5, 0.5, −2 -> squares 0.25, 0.25, 4 -> mean 1.5
    assert math.isclose(mse([2.5, 0.0, 2.0], [3.0, -0.5, 4.0]), 1.5)


def test_perfect_predictions_cost_nothing():
    assert mse([1.0, 2.0], [1.0, 2.0]) == 0


def test_bce_of_one_confident_right_answer():
    assert math.isclose(binary_cross_entropy([0.9], [1]), -math.log(0.9))
