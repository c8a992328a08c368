import math

from exercise import adam_step


def test_first_step_of_the_hand_example():
    theta, m, v = adam_step(1.0, 0.5, 0.0, 0.0, t=1, lr=0.1)
    assert math.isclose(m, 0.05) and math.isclose(v, 0.00025), (m, v)
    assert math.isclose(theta, 0.9, rel_tol=1e-6), theta


def test_a_zero_gradient_does_not_move_from_rest():
    theta, m, v = adam_step(2.0, 0.0, 0.0, 0.0, t=1)
    assert (theta, m, v) == (2.0, 0.0, 0.0)
