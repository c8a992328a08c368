import math

from exercise import batch_norm_eval, batch_norm_train, update_running

BATCH = [[1.0, -2.0, 0.5], [4.0, 0.0, 0.5], [2.0, 5.0, 1.5], [-1.0, 1.0, 2.5]]


def _col(batch, c):
    return [row[c] for row in batch]


def _close(a, b, what):
    assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6), f"{what}: got {a}, expected {b}"


def test_each_feature_is_normalised_over_the_batch():
    out = batch_norm_train(BATCH, [1, 1, 1], [0, 0, 0], eps=0)
    for c in range(3):
        col = _col(out, c)
        _close(
            sum(col) / 4, 0.0, f"feature {c} must have mean 0 over the batch (normalize columns, not rows)"
        )
        _close(
            sum(v * v for v in col) / 4, 1.0, f"feature {c} must have variance 1 over the batch (divide by N)"
        )


def test_gamma_and_beta_scale_and_shift_each_feature():
    plain = batch_norm_train(BATCH, [1, 1, 1], [0, 0, 0])
    out = batch_norm_train(BATCH, [2.0, 0.5, -1.0], [1.0, 0.0, 3.0])
    for r in range(4):
        for c, (g, b) in enumerate([(2.0, 1.0), (0.5, 0.0), (-1.0, 3.0)]):
            _close(out[r][c], g * plain[r][c] + b, f"entry ({r}, {c}) should be gamma[c] * x_hat + beta[c]")


def test_output_of_one_example_depends_on_the_others():
    first = batch_norm_train(BATCH, [1, 1, 1], [0, 0, 0])[0]
    other = batch_norm_train([BATCH[0], [9.0, 9.0, 9.0]], [1, 1, 1], [0, 0, 0])[0]
    assert any(abs(a - b) > 1e-3 for a, b in zip(first, other, strict=True)), (
        "batch statistics come from the whole batch, so changing the other examples must change row 0"
    )


def test_running_statistics_follow_pytorch():
    mean, var = update_running([0.5, 0.0, 1.0], [1.0, 2.0, 0.5], BATCH, momentum=0.1)
    for c, (old_m, old_v) in enumerate([(0.5, 1.0), (0.0, 2.0), (1.0, 0.5)]):
        col = _col(BATCH, c)
        m = sum(col) / 4
        unbiased = sum((v - m) ** 2 for v in col) / 3
        _close(mean[c], 0.9 * old_m + 0.1 * m, f"running mean of feature {c}: 0.9 * old + 0.1 * batch mean")
        _close(
            var[c],
            0.9 * old_v + 0.1 * unbiased,
            f"running var of feature {c}: 0.9 * old + 0.1 * unbiased var (N - 1)",
        )


def test_eval_does_not_look_at_the_batch():
    out = batch_norm_eval([[3.0, 1.0]], [1.0, 1.0], [4.0, 0.25], [1.0, 2.0], [0.0, 1.0], eps=0)
    _close(out[0][0], 1.0, "(3 - 1) / 2")
    _close(out[0][1], 1.0, "(1 - 1) / 0.5 * 2 + 1")
