import math

from exercise import binary_cross_entropy, mse


def _close(actual, expected, what):
    assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12), (
        f"{what}: got {actual}, expected {expected}"
    )


def test_mse_squares_before_averaging():
    _close(
        mse([0.0, 0.0], [1.0, 3.0]), 5.0, "errors 1 and 3 give (1 + 9) / 2: square each error, then average"
    )


def test_mse_is_a_mean_not_a_sum():
    _close(mse([1.0] * 4, [0.0] * 4), 1.0, "four errors of 1 give a mean squared error of 1, not the sum 4")
    _close(mse([0.0] * 5, [2.0] * 5), mse([0.0], [2.0]), "the MSE must not grow with the batch size")


def test_mse_does_not_let_errors_cancel():
    assert mse([1.0, -1.0], [0.0, 0.0]) > 0, "errors +1 and −1 cancelled: square them first"


def test_bce_uses_both_terms():
    _close(
        binary_cross_entropy([0.9, 0.2], [1, 0]),
        (-math.log(0.9) - math.log(0.8)) / 2,
        "a label-0 example costs −ln(1 − p): the (1 − y) ln(1 − p) term counts too",
    )


def test_bce_punishes_a_confident_wrong_answer():
    loss = binary_cross_entropy([0.99], [0])
    _close(loss, -math.log(0.01), "p = 0.99 for a label-0 example costs −ln 0.01")
    assert loss > 10 * binary_cross_entropy([0.01], [0]), (
        "confident and wrong must cost far more than confident and right"
    )
