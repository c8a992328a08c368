import math

from exercise import softmax


def _close_lists(got, expected, what):
    assert len(got) == len(expected), f"{what}: got {len(got)} values, expected {len(expected)}"
    ok = all(math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12) for g, e in zip(got, expected, strict=True))
    assert ok, f"{what}: got {got}, expected {expected}"


def test_outputs_sum_to_one():
    for logits in ([0.5, -1.0, 2.0, 0.0], [3, 1], [-4, -2, -7]):
        total = sum(softmax(logits))
        assert math.isclose(total, 1.0, rel_tol=1e-9), (
            f"softmax({logits}) sums to {total}: divide by the sum of the same exponentials you put on top"
        )


def test_negative_logits_still_give_positive_probabilities():
    got = softmax([-2, 1, 3])
    assert all(p > 0 for p in got), (
        f"softmax([-2, 1, 3]) = {got}: exp makes every term positive before dividing"
    )
    e = [math.exp(-2), math.exp(1), math.exp(3)]
    _close_lists(got, [x / sum(e) for x in e], "softmax([-2, 1, 3])")


def test_adding_a_constant_changes_nothing():
    base = softmax([0.1, 0.7, -0.3])
    _close_lists(softmax([10.1, 10.7, 9.7]), base, "adding 10 to every logit must not change softmax")


def test_large_logits_do_not_overflow():
    try:
        got = softmax([1000, 1001])
    except OverflowError:
        raise AssertionError("math.exp(1000) overflows: subtract the largest logit before exp") from None
    e = 1 / (1 + math.e)
    _close_lists(got, [e, 1 - e], "softmax([1000, 1001]) equals softmax([0, 1])")


def test_a_single_logit_gets_all_the_probability():
    _close_lists(softmax([-3.5]), [1.0], "softmax of one logit")
