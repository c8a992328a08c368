import math

from exercise import bernoulli_moments, conditional, expectation, variance


def _close(actual, expected, what):
    assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12), (
        f"{what}: got {actual}, expected {expected}"
    )


def test_expectation_weights_each_value_by_its_probability():
    _close(expectation([0, 10], [0.9, 0.1]), 1.0, "E[X] of 0 w.p. 0.9 and 10 w.p. 0.1 is 0.9·0 + 0.1·10")


def test_variance_uses_the_probabilities_not_a_plain_average():
    # 0 w.p. 0.9, 10 w.p. 0.1: mean 1, variance 0.9·1 + 0.1·81 = 9
    _close(
        variance([0, 10], [0.9, 0.1]),
        9.0,
        "Var[X] = Σ p_i (x_i − E[X])²; averaging the squared deviations equally ignores how likely each value is",
    )


def test_variance_of_a_constant_is_zero():
    _close(variance([4, 4, 4], [0.2, 0.5, 0.3]), 0.0, "a variable that is always 4 does not vary")


def test_bernoulli_variance_is_p_times_one_minus_p():
    for p in (0.0, 0.25, 0.5, 0.9):
        mean, var = bernoulli_moments(p)
        _close(mean, p, f"the mean of Bernoulli({p})")
        _close(var, p * (1 - p), f"the variance of Bernoulli({p}) is p(1 − p)")


def test_conditional_divides_by_the_probability_of_the_condition():
    joint = {("rain", "clouds"): 0.2, ("dry", "clouds"): 0.3, ("rain", "sun"): 0.05, ("dry", "sun"): 0.45}
    # P(rain | clouds) = 0.2 / (0.2 + 0.3) = 0.4, while P(clouds | rain) would be 0.2 / 0.25 = 0.8
    _close(
        conditional(joint, "rain", "clouds"),
        0.4,
        "P(A=a | B=b) divides P(a, b) by P(B=b), summed over every a",
    )
    _close(conditional(joint, "dry", "sun"), 0.9, "P(dry | sun) = 0.45 / 0.5")
