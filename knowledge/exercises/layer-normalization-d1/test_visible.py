import math

from exercise import batch_norm, layer_norm


def _close(got, expected):
    flat = [v for row in got for v in row]
    want = [v for row in expected for v in row]
    assert len(flat) == len(want) and all(
        math.isclose(g, e, abs_tol=1e-6) for g, e in zip(flat, want, strict=True)
    ), f"got {got}, expected {expected}"


def test_layer_norm_of_the_worked_example():
    _close(layer_norm([[1, 3], [5, 7]], eps=0), [[-1, 1], [-1, 1]])


def test_batch_norm_of_the_worked_example():
    _close(batch_norm([[1, 3], [5, 7]], eps=0), [[-1, -1], [1, 1]])
