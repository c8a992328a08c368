import math

from exercise import softmax


def test_softmax_of_one_two_three():
    got = softmax([1, 2, 3])
    expected = [0.09003, 0.24473, 0.66524]
    assert all(math.isclose(g, e, abs_tol=1e-4) for g, e in zip(got, expected, strict=True)), got


def test_equal_logits_give_equal_probabilities():
    assert softmax([5, 5]) == [0.5, 0.5]
