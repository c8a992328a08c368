import math

from exercise import minibatch_gradients, momentum_run, terminal_step


def _close_lists(got, expected, what):
    ok = len(got) == len(expected) and all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) for a, b in zip(got, expected, strict=True)
    )
    assert ok, f"{what}: got {got}, expected {expected}"


def test_batch_gradients_average_to_the_full_gradient():
    data = [0.5, 2.0, -1.0, -4.0, 3.0, 6.0]
    w = 1.0
    full = w - sum(data) / len(data)
    grads = minibatch_gradients(w, data, 2)
    assert len(grads) == 3, f"6 values in batches of 2 make 3 gradients, got {len(grads)}"
    assert math.isclose(sum(grads) / 3, full), (
        "equal batches' gradients should average to the full-batch gradient"
    )
    assert max(grads) - min(grads) > 1, (
        "the batch gradients should differ from each other: they are noisy estimates"
    )


def test_a_short_last_batch_uses_its_own_mean():
    _close_lists(
        minibatch_gradients(0.0, [1.0, 2.0, 3.0, 10.0, 20.0], 3), [-2.0, -15.0], "the last batch [10, 20]"
    )


def test_velocity_accumulates_the_raw_gradients():
    got = momentum_run(0.0, [1.0, 1.0], lr=1.0, mu=0.5)
    _close_lists(got, [0.0, -1.0, -2.5], "v ← μ v + g (not μ v + (1 − μ) g): v = 1, then 1.5")


def test_each_step_uses_the_new_velocity():
    got = momentum_run(0.0, [2.0, 0.0, 0.0], lr=0.5, mu=0.5)
    _close_lists(got, [0.0, -1.0, -1.5, -1.75], "update v first, then move θ by −lr · v (the new v)")


def test_alternating_gradients_partly_cancel():
    zigzag = momentum_run(0.0, [1.0, -1.0] * 10, lr=0.1, mu=0.9)
    plain = momentum_run(0.0, [1.0, -1.0] * 10, lr=0.1, mu=0.0)
    moves = [abs(b - a) for a, b in zip(zigzag, zigzag[1:], strict=False)]
    plain_moves = [abs(b - a) for a, b in zip(plain, plain[1:], strict=False)]
    assert moves[-1] < plain_moves[-1], "with momentum, gradients that flip sign should give smaller steps"


def test_terminal_step_is_lr_g_over_one_minus_mu():
    for lr, mu, g in ((0.1, 0.9, 1.0), (0.01, 0.99, 2.0), (0.5, 0.0, 3.0)):
        assert math.isclose(terminal_step(lr, mu, g), lr * g / (1 - mu)), (
            f"terminal_step({lr}, {mu}, {g}): v tends to g / (1 − μ), so the step tends to lr · g / (1 − μ)"
        )
    long = momentum_run(0.0, [1.0] * 400, lr=0.1, mu=0.9)
    assert math.isclose(long[-2] - long[-1], terminal_step(0.1, 0.9, 1.0), rel_tol=1e-6)
