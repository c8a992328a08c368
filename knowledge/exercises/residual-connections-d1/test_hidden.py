import math

from exercise import plain_forward, plain_gradient, residual_forward, residual_gradient

WS = [0.8, -1.3, 0.4, 2.0, -0.6]


def _numeric(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def _close(got, expected, what):
    assert math.isclose(got, expected, rel_tol=1e-5, abs_tol=1e-9), f"{what}: got {got}, expected {expected}"


def test_forward_passes_apply_the_layers_in_order():
    x = 0.7
    for w in WS:
        x = x + math.tanh(w * x)
    _close(residual_forward(0.7, WS), x, "residual_forward: x <- x + tanh(w x) layer by layer")
    y = 0.7
    for w in WS:
        y = math.tanh(w * y)
    _close(plain_forward(0.7, WS), y, "plain_forward: x <- tanh(w x) layer by layer")


def test_plain_gradient_matches_finite_differences():
    for x in (0.7, -1.5):
        expected = _numeric(lambda v: plain_forward(v, WS), x)
        _close(plain_gradient(x, WS), expected, f"plain gradient at x = {x}")


def test_residual_gradient_matches_finite_differences():
    for x in (0.7, -1.5, 3.0):
        expected = _numeric(lambda v: residual_forward(v, WS), x)
        _close(
            residual_gradient(x, WS),
            expected,
            f"residual gradient at x = {x}: multiply (1 + f'(x)) block by block, each at the value entering it",
        )


def test_the_identity_path_survives_dead_branches():
    ws = [0.0] * 20  # every branch is flat
    assert plain_gradient(1.0, ws) == 0.0, "with w = 0 every plain layer has derivative 0"
    _close(
        residual_gradient(1.0, ws), 1.0, "with flat branches the residual stack is the identity, gradient 1"
    )
