import math

from exercise import clipped_objective, gets_gradient, prob_ratio


def test_same_policy_gives_ratio_one():
    assert math.isclose(prob_ratio(-1.3, -1.3), 1.0)


def test_inside_the_range_nothing_is_clipped():
    assert math.isclose(clipped_objective(1.1, 2.0, eps=0.2), 2.2)
    assert gets_gradient(1.1, 2.0, eps=0.2)


def test_a_large_ratio_with_positive_advantage_is_capped():
    assert math.isclose(clipped_objective(1.5, 2.0, eps=0.2), 2.4)
