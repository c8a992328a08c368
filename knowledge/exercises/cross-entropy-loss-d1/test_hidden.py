import math

from exercise import cross_entropy, cross_entropy_from_logits, logit_gradient


def _softmax(z):
    e = [math.exp(v - max(z)) for v in z]
    return [v / sum(e) for v in e]


def _close(actual, expected, what, tol=1e-9):
    assert math.isclose(actual, expected, rel_tol=tol, abs_tol=1e-12), (
        f"{what}: got {actual}, expected {expected}"
    )


def test_a_confident_wrong_prediction_costs_a_lot():
    _close(cross_entropy([0.7, 0.2, 0.1], 2), -math.log(0.1), "the loss is −ln p[target], natural log")
    assert cross_entropy([0.99, 0.01], 1) > 4.5, "p[target] = 0.01 should cost about 4.6 nats"


def test_from_logits_equals_minus_log_softmax():
    logits = [2.0, -1.0, 0.5, 3.0]
    for t in range(4):
        _close(
            cross_entropy_from_logits(logits, t),
            -math.log(_softmax(logits)[t]),
            f"target {t}: logits are not log-probabilities, normalise with logsumexp first",
        )


def test_from_logits_survives_large_logits():
    try:
        loss = cross_entropy_from_logits([1000.0, 1002.0], 0)
    except OverflowError:
        raise AssertionError(
            "exp(1000) overflowed: subtract the largest logit inside the log-sum-exp"
        ) from None
    _close(loss, math.log(1 + math.exp(2)), "the loss of [1000, 1002] with target 0 equals that of [0, 2]")


def test_gradient_is_softmax_minus_one_hot():
    logits, target = [1.0, 2.0, -0.5], 1
    p = _softmax(logits)
    expected = [p[0], p[1] - 1, p[2]]
    got = logit_gradient(logits, target)
    assert len(got) == 3, f"one gradient per logit, got {len(got)}"
    for i in range(3):
        _close(
            got[i], expected[i], f"gradient {i}: it is softmax − one_hot, so the target's entry is p − 1 < 0"
        )


def test_gradient_matches_a_finite_difference():
    logits, target, h = [0.3, -1.2, 0.8, 0.0], 3, 1e-6
    got = logit_gradient(logits, target)
    for i in range(4):
        up = list(logits)
        up[i] += h
        down = list(logits)
        down[i] -= h
        numeric = (cross_entropy_from_logits(up, target) - cross_entropy_from_logits(down, target)) / (2 * h)
        _close(got[i], numeric, f"gradient {i} disagrees with a finite difference of your loss", tol=1e-5)
