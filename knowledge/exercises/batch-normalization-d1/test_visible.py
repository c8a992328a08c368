import math

from exercise import batch_norm_eval, batch_norm_train, update_running


def _close(got, expected):
    flat = lambda rows: [v for row in rows for v in row]  # noqa: E731
    assert all(math.isclose(g, e, abs_tol=1e-6) for g, e in zip(flat(got), flat(expected), strict=True)), (
        f"got {got}, expected {expected}"
    )


def test_worked_example():
    _close(batch_norm_train([[1, 10], [3, 30]], [1, 1], [0, 0], eps=0), [[-1, -1], [1, 1]])


def test_running_statistics_after_one_update():
    mean, var = update_running([0, 0], [1, 1], [[1, 10], [3, 30]])
    _close([mean, var], [[0.2, 2.0], [0.9 + 0.1 * 2, 0.9 + 0.1 * 200]])


def test_eval_uses_the_given_statistics():
    _close(batch_norm_eval([[4.0]], [2.0], [4.0], [1.0], [0.0], eps=0), [[1.0]])
