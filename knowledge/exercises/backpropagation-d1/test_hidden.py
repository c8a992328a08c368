import math

from exercise import gradients, sgd_step

POINTS = [(1.0, 1.0, 0.5, 2.0), (-2.0, 0.3, 0.8, -1.5), (0.5, -1.0, -1.2, 0.7), (3.0, 2.0, 0.1, 0.4)]


def _loss(x, y, w1, w2):
    h = 1 / (1 + math.exp(-w1 * x))
    return 0.5 * (w2 * h - y) ** 2


def _numeric(x, y, w1, w2, eps=1e-6):
    g1 = (_loss(x, y, w1 + eps, w2) - _loss(x, y, w1 - eps, w2)) / (2 * eps)
    g2 = (_loss(x, y, w1, w2 + eps) - _loss(x, y, w1, w2 - eps)) / (2 * eps)
    return g1, g2


def test_gradients_match_finite_differences():
    for point in POINTS:
        d_w1, d_w2 = gradients(*point)
        n1, n2 = _numeric(*point)
        assert math.isclose(d_w2, n2, rel_tol=1e-5, abs_tol=1e-8), (
            f"at (x, y, w1, w2) = {point}: dL/dw2 = {d_w2}, but a finite difference gives {n2}"
        )
        assert math.isclose(d_w1, n1, rel_tol=1e-5, abs_tol=1e-8), (
            f"at (x, y, w1, w2) = {point}: dL/dw1 = {d_w1}, but a finite difference gives {n1}; "
            "did the gradient pass back through the sigmoid's derivative h (1 - h)?"
        )


def test_step_uses_both_gradients_at_the_old_weights():
    for x, y, w1, w2 in POINTS:
        n1, n2 = _numeric(x, y, w1, w2)
        new_w1, new_w2 = sgd_step(x, y, w1, w2, lr=0.5)
        assert math.isclose(new_w2, w2 - 0.5 * n2, rel_tol=1e-5, abs_tol=1e-8), (
            f"new w2 = {new_w2}, expected w2 - lr * dL/dw2 = {w2 - 0.5 * n2}"
        )
        assert math.isclose(new_w1, w1 - 0.5 * n1, rel_tol=1e-5, abs_tol=1e-8), (
            f"new w1 = {new_w1}, expected {w1 - 0.5 * n1}: compute dL/dw1 with the old w2, "
            "before any weight changes"
        )


def test_a_small_step_lowers_the_loss():
    for point in POINTS:
        x, y, w1, w2 = point
        new_w1, new_w2 = sgd_step(x, y, w1, w2, lr=0.01)
        assert _loss(x, y, new_w1, new_w2) < _loss(*point), (
            f"at {point} a small step raised the loss: move against the gradient (w - lr * grad)"
        )
