import math

from exercise import converges, gradient, run, step


def test_gradient_is_two_times_the_distance():
    for theta, g in ((0.0, -6.0), (5.0, 4.0), (3.5, 1.0)):
        assert math.isclose(gradient(theta), g), f"dL/dθ of (θ − 3)² at {theta} is 2(θ − 3) = {g}"


def test_steps_go_downhill_from_both_sides():
    assert step(0.0, 0.1) > 0.0, "left of the minimum the update must move θ right: θ − lr · gradient"
    assert step(6.0, 0.1) < 6.0, "right of the minimum the update must move θ left"
    assert (step(6.0, 0.1) - 3) ** 2 < (6.0 - 3) ** 2, "a small step must lower the loss"


def test_half_rate_jumps_to_the_minimum():
    assert math.isclose(step(-7.0, 0.5), 3.0), "with lr = 0.5, θ − 0.5 · 2(θ − 3) = 3 from anywhere"


def test_long_runs_settle_or_blow_up():
    good = run(10.0, 0.3, 50)
    assert len(good) == 51 and abs(good[-1] - 3) < 1e-6, "lr = 0.3 should settle at 3"
    bad = run(4.0, 1.5, 10)
    assert abs(bad[-1] - 3) > 100, "lr = 1.5 multiplies θ − 3 by −2 each step: it must blow up"


def test_convergence_rule():
    cases = {0.01: True, 0.5: True, 0.99: True, 1.0: False, 1.5: False, 2.5: False, 0.0: False, -0.1: False}
    for lr, expected in cases.items():
        assert bool(converges(lr)) is expected, (
            f"converges({lr}) should be {expected}: one step multiplies θ − 3 by 1 − 2·lr, "
            "so it converges only when |1 − 2·lr| < 1"
        )
