import math

from exercise import batch_norm, layer_norm

BATCH = [[2.0, -1.0, 0.5, 3.0], [0.0, 4.0, 1.0, 1.0], [-2.0, 0.0, 6.0, 2.0]]


def _close(a, b, what):
    assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6), f"{what}: got {a}, expected {b}"


def test_each_layer_norm_row_has_mean_0_and_variance_1():
    for r, row in enumerate(layer_norm(BATCH, eps=0)):
        _close(sum(row) / 4, 0.0, f"row {r} mean (layer norm works on each row)")
        _close(
            sum(v * v for v in row) / 4, 1.0, f"row {r} variance: divide by the number of features, not n - 1"
        )


def test_each_batch_norm_column_has_mean_0_and_variance_1():
    out = batch_norm(BATCH, eps=0)
    for c in range(4):
        col = [row[c] for row in out]
        _close(sum(col) / 3, 0.0, f"column {c} mean (batch norm works on each feature over the batch)")
        _close(sum(v * v for v in col) / 3, 1.0, f"column {c} variance: divide by the number of rows")


def test_layer_norm_of_a_token_ignores_the_rest_of_the_batch():
    alone = layer_norm([BATCH[0]])[0]
    together = layer_norm(BATCH)[0]
    for a, b in zip(alone, together, strict=True):
        _close(b, a, "a token's layer norm must not change when other tokens join the batch")


def test_batch_norm_of_a_token_depends_on_the_rest_of_the_batch():
    first = batch_norm(BATCH)[0]
    other = batch_norm([BATCH[0], [10.0, 10.0, 10.0, 10.0]])[0]
    assert any(abs(a - b) > 1e-3 for a, b in zip(first, other, strict=True)), (
        "batch norm uses the whole batch"
    )


def test_eps_keeps_a_constant_row_finite():
    out = layer_norm([[3.0, 3.0, 3.0]], eps=1e-5)
    assert out == [[0.0, 0.0, 0.0]], f"a constant row has variance 0 and normalizes to zeros, got {out}"
