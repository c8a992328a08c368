import math

from exercise import attend, hard_lookup, softmax

KEYS = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
VALUES = [[1.0, 100.0], [2.0, 200.0], [3.0, 300.0]]


def _close(a, b, tol=1e-9):
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


def test_softmax_values():
    got = softmax([1.0, 2.0, 3.0])
    total = math.exp(1) + math.exp(2) + math.exp(3)
    expected = [math.exp(1) / total, math.exp(2) / total, math.exp(3) / total]
    assert _close(got, expected), f"got {got}: softmax is exp(s_i) / Σ exp(s_j), not s_i / Σ s_j"


def test_softmax_handles_negative_scores():
    got = softmax([-1.0, 2.0])
    assert all(w > 0 for w in got), (
        f"got {got}: every weight of a softmax is positive, even for negative scores"
    )
    assert _close(got, [1 / (1 + math.e**3), math.e**3 / (1 + math.e**3)])


def test_softmax_does_not_overflow_on_large_scores():
    try:
        got = softmax([1000.0, 999.0])
    except OverflowError:
        raise AssertionError("math.exp(1000) overflows: subtract the largest score before exp") from None
    assert _close(got, [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1))])


def test_the_output_mixes_the_values_not_the_keys():
    weights, output = attend([0.0, 1.0, 0.0], KEYS, VALUES)
    expected = [sum(w * v[j] for w, v in zip(weights, VALUES, strict=True)) for j in range(2)]
    assert len(output) == 2, "the output has the size of one value, not of a key"
    assert _close(output, expected), f"got {output}, expected Σ w_i v_i = {expected}"


def test_weights_sum_to_one_and_favour_the_matching_key():
    weights, _ = attend([0.0, 0.0, 2.0], KEYS, VALUES)
    assert abs(sum(weights) - 1) < 1e-12
    assert weights[2] > weights[0] and weights[2] > weights[1], (
        "the key most similar to the query gets most weight"
    )


def test_a_sharper_query_turns_the_soft_lookup_into_a_hard_one():
    query = [0.0, 1.0, 0.2]
    _, soft = attend(query, KEYS, VALUES)
    _, sharp = attend([50 * q for q in query], KEYS, VALUES)
    hard = hard_lookup(query, KEYS, VALUES)
    assert hard == [2.0, 200.0]
    assert not _close(soft, hard, 1e-3), "a soft lookup mixes several values"
    assert _close(sharp, hard, 1e-6), "with scores 50 times larger the weights are almost one-hot"
