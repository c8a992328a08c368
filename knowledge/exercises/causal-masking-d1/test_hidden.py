import math

from exercise import causal_mask, causal_weights, masked_softmax

SCORES = [
    [0.5, 2.0, -1.0, 3.0],
    [1.0, -0.5, 2.5, 0.0],
    [0.0, 1.5, 0.5, 4.0],
    [2.0, 1.0, 0.0, -1.0],
]


def _close(a, b, tol=1e-12):
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


def test_position_i_sees_itself_and_the_past():
    mask = causal_mask(5)
    for i in range(5):
        assert mask[i][i], f"position {i} must see itself: it is the token the prediction is made from"
        assert all(mask[i][j] for j in range(i)), f"position {i} must see every earlier position"
        assert not any(mask[i][j] for j in range(i + 1, 5)), f"position {i} must not see later positions"


def test_every_row_still_sums_to_one():
    for i, row in enumerate(causal_weights(SCORES)):
        assert abs(sum(row) - 1) < 1e-12, (
            f"row {i} sums to {sum(row)}: block before the softmax, so the allowed weights share all of it"
        )


def test_allowed_weights_are_a_softmax_over_the_past():
    w = causal_weights(SCORES)
    for i in range(4):
        exps = [math.exp(s) for s in SCORES[i][: i + 1]]
        expected = [e / sum(exps) for e in exps] + [0.0] * (3 - i)
        assert _close(w[i], expected), f"row {i}: got {w[i]}, expected {expected}"


def test_changing_a_future_score_changes_no_earlier_row():
    before = causal_weights(SCORES)
    changed = [row[:] for row in SCORES]
    for i in range(4):
        changed[i][3] = 100.0  # the last token's key, seen only by the last position
    after = causal_weights(changed)
    for i in range(3):
        assert _close(before[i], after[i]), f"row {i} changed when a later position's score changed"
    assert not _close(before[3], after[3], 1e-6)


def test_masked_softmax_with_any_mask():
    mask = [[True, False, True], [False, True, True]]
    w = masked_softmax([[1.0, 9.0, 1.0], [9.0, 0.0, 0.0]], mask)
    assert _close(w[0], [0.5, 0.0, 0.5]) and _close(w[1], [0.0, 0.5, 0.5]), f"got {w}"
