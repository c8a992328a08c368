import math

from exercise import converges, gradient, run, step


def test_gradient_is_zero_at_the_minimum():
    assert gradient(3.0) == 0


def test_first_step_from_zero():
    assert math.isclose(step(0.0, 0.1), 0.6)


def test_run_returns_the_start_and_every_update():
    thetas = run(0.0, 0.1, 2)
    assert len(thetas) == 3
    assert all(math.isclose(a, b) for a, b in zip(thetas, [0.0, 0.6, 1.08], strict=True)), thetas


def test_a_small_rate_converges():
    assert converges(0.1), "lr = 0.1 shrinks θ − 3 by a factor 0.8 each step"
