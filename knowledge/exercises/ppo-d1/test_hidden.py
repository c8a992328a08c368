import math

from exercise import clipped_objective, gets_gradient, prob_ratio


def test_ratio_from_log_probabilities():
    got = prob_ratio(math.log(0.3), math.log(0.2))
    assert math.isclose(got, 1.5), f"got {got}: r = pi_new / pi_old = exp(log pi_new - log pi_old) = 1.5"
    assert math.isclose(prob_ratio(-50.0, -51.0), math.e)


def test_the_four_cases_by_hand():
    eps = 0.2
    cases = {  # (r, A): objective
        (1.5, 2.0): 2.4,  # gain capped at (1 + eps) A
        (0.5, 2.0): 1.0,  # moved the wrong way: the unclipped, worse term is kept
        (0.5, -2.0): -1.6,  # capped at (1 - eps) A
        (1.5, -2.0): -3.0,  # moved the wrong way: the full penalty r A is kept
    }
    for (r, a), expected in cases.items():
        got = clipped_objective(r, a, eps)
        assert math.isclose(got, expected), (
            f"r={r}, A={a}: got {got}, expected {expected}; "
            "PPO keeps min(r A, clip(r) A), the pessimistic of the two"
        )


def test_objective_never_exceeds_the_unclipped_one():
    for r in (0.3, 0.8, 1.0, 1.2, 1.7):
        for a in (-1.5, 0.5, 3.0):
            assert clipped_objective(r, a, 0.1) <= r * a + 1e-12, (
                f"r={r}, A={a}: the clipped objective is a lower bound of r A (take the min, not the max)"
            )


def test_which_samples_still_get_a_gradient():
    eps = 0.2
    assert not gets_gradient(1.5, 2.0, eps), "A > 0 and r > 1 + eps: the capped term is flat"
    assert gets_gradient(0.5, 2.0, eps), "A > 0 and r < 1 - eps: the unclipped term still pushes r up"
    assert not gets_gradient(0.5, -2.0, eps), "A < 0 and r < 1 - eps: the capped term is flat"
    assert gets_gradient(1.5, -2.0, eps), "A < 0 and r > 1 + eps: the unclipped term still pushes r down"
