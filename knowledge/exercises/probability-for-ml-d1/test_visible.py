import math

from exercise import bernoulli_moments, conditional, expectation, variance

DIE = [1, 2, 3, 4, 5, 6]


def test_mean_of_a_fair_die():
    assert math.isclose(expectation(DIE, [1 / 6] * 6), 3.5)


def test_variance_of_a_fair_die():
    assert math.isclose(variance(DIE, [1 / 6] * 6), 35 / 12)


def test_bernoulli_mean():
    mean, _ = bernoulli_moments(0.3)
    assert math.isclose(mean, 0.3)


def test_spam_given_free():
    joint = {("spam", "free"): 0.12, ("ham", "free"): 0.03, ("spam", "no"): 0.18, ("ham", "no"): 0.67}
    assert math.isclose(conditional(joint, "spam", "free"), 0.8)
