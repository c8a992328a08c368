import math

from exercise import attend, hard_lookup, softmax


def test_softmax_of_equal_scores_is_uniform():
    assert softmax([2.0, 2.0, 2.0, 2.0]) == [0.25, 0.25, 0.25, 0.25]


def test_a_soft_lookup_by_hand():
    keys = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    values = [[10.0], [20.0], [30.0]]
    weights, output = attend([1.0, 0.0], keys, values)
    # scores are 1, 0, 1
    e = math.e
    expected = [e / (2 * e + 1), 1 / (2 * e + 1), e / (2 * e + 1)]
    assert all(abs(w - x) < 1e-12 for w, x in zip(weights, expected, strict=True))
    assert abs(output[0] - (10 * e + 20 + 30 * e) / (2 * e + 1)) < 1e-9


def test_hard_lookup_returns_one_value():
    assert hard_lookup([0.0, 2.0], [[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [3.0, 4.0]]) == [3.0, 4.0]
