import math

from exercise import causal_mask, causal_weights


def test_mask_of_three_positions():
    assert causal_mask(3) == [
        [True, False, False],
        [True, True, False],
        [True, True, True],
    ]


def test_weights_by_hand():
    scores = [[1.0, 5.0, 5.0], [0.0, 0.0, 5.0], [1.0, 2.0, 3.0]]
    w = causal_weights(scores)
    assert w[0] == [1.0, 0.0, 0.0]  # the first position sees only itself
    assert all(abs(x - y) < 1e-12 for x, y in zip(w[1], [0.5, 0.5, 0.0], strict=True))
    total = math.exp(1) + math.exp(2) + math.exp(3)
    assert abs(w[2][2] - math.exp(3) / total) < 1e-12
