import math

from exercise import adam_step


def _reference(theta, grad, m, v, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad * grad
    return theta - lr * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps), m, v


def test_first_step_is_about_lr_whatever_the_gradient_scale():
    for g in (0.001, 1.0, 1000.0):
        theta, _, _ = adam_step(0.0, g, 0.0, 0.0, t=1, lr=0.01)
        assert math.isclose(theta, -0.01, rel_tol=1e-4), (
            f"gradient {g}: the first step moved {-theta}, not lr = 0.01. With bias correction "
            "m̂ = g and v̂ = g², so m̂ / √v̂ = 1 for any gradient scale"
        )


def test_second_step_uses_the_step_number():
    theta, m, v = adam_step(1.0, 0.5, 0.0, 0.0, t=1, lr=0.1)
    theta, m, v = adam_step(theta, -0.2, m, v, t=2, lr=0.1)
    ref = _reference(1.0, 0.5, 0.0, 0.0, 1, lr=0.1)
    ref = _reference(ref[0], -0.2, ref[1], ref[2], 2, lr=0.1)
    for name, got, expected in zip(("theta", "m", "v"), (theta, m, v), ref, strict=True):
        assert math.isclose(got, expected, rel_tol=1e-9), (
            f"after step 2, {name} is {got}, expected {expected}: correct with 1 − β^t for t = 2"
        )


def test_step_size_uses_the_square_root_of_v():
    # after many equal gradients m̂ ≈ g and v̂ ≈ g², so each step is ≈ lr
    theta, m, v = 0.0, 0.0, 0.0
    for t in range(1, 51):
        before = theta
        theta, m, v = adam_step(theta, 4.0, m, v, t, lr=0.01)
    assert math.isclose(before - theta, 0.01, rel_tol=1e-3), (
        f"a steady gradient of 4 should move ≈ lr = 0.01 per step, moved {before - theta}: divide by √v̂, not v̂"
    )


def test_custom_betas_and_eps_are_used():
    got = adam_step(0.3, 2.0, 0.1, 0.5, t=3, lr=0.05, beta1=0.8, beta2=0.9, eps=1e-3)
    ref = _reference(0.3, 2.0, 0.1, 0.5, 3, lr=0.05, b1=0.8, b2=0.9, eps=1e-3)
    assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(got, ref, strict=True)), (
        f"got {got}, expected {ref}"
    )
