import math

from exercise import head_weights, parameter_count, split_heads


def _close(a, b, tol=1e-9):
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


def _raises(fn, *args):
    try:
        fn(*args)
    except ValueError:
        return True
    return False


def test_heads_hold_consecutive_features():
    got = split_heads(list(range(8)), 4)
    assert got == [[0, 1], [2, 3], [4, 5], [6, 7]], (
        f"got {got}: head h holds features h*d_k .. (h+1)*d_k - 1, not every num_heads-th feature"
    )


def test_split_refuses_an_uneven_head_size():
    assert _raises(split_heads, [1, 2, 3, 4, 5], 2), "5 features cannot be cut into 2 equal heads"


def test_two_heads_look_at_two_different_keys():
    query = [4.0, 0.0, 0.0, 4.0]
    keys = [[4.0, 0.0, 0.0, -4.0], [-4.0, 0.0, 0.0, 4.0]]
    first, second = head_weights(query, keys, 2)
    s = 16 / math.sqrt(2)  # head score 16, divided by sqrt(d_k) = sqrt(2)
    p = 1 / (1 + math.exp(-2 * s))
    assert _close(first, [p, 1 - p]), f"head 0 should favour key 0: got {first}, expected {[p, 1 - p]}"
    assert _close(second, [1 - p, p]), f"head 1 should favour key 1: got {second}"


def test_scores_are_scaled_by_the_head_size():
    query = [1.0, 2.0, 0.5, -1.0, 0.0, 1.0]
    keys = [[1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 2.0, -1.0, 1.0, 2.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0, -2.0]]
    weights = head_weights(query, keys, 3)
    for h in range(3):
        scores = [sum(query[2 * h + i] * k[2 * h + i] for i in range(2)) / math.sqrt(2) for k in keys]
        exps = [math.exp(x) for x in scores]
        assert _close(weights[h], [e / sum(exps) for e in exps]), (
            f"head {h}: expected softmax(q_h · k_h / sqrt(d_k)) on features {2 * h} and {2 * h + 1}; "
            "d_k = 2 is the size of one head, not d_model"
        )


def test_every_head_is_a_distribution():
    weights = head_weights([0.3, -1.0, 2.0, 0.5], [[1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 0.0, 1.0]], 2)
    assert len(weights) == 2 and all(len(w) == 2 for w in weights), "one row per head, one weight per key"
    assert all(abs(sum(w) - 1) < 1e-12 for w in weights)


def test_parameter_count_does_not_depend_on_the_head_count():
    assert parameter_count(512, 8) == 1050624, (
        "4 matrices of 512 × 512 weights plus 4 biases of 512: 1,050,624"
    )
    counts = {parameter_count(512, h) for h in (1, 2, 8, 16)}
    assert len(counts) == 1, (
        f"got {sorted(counts)}: more heads cut d_model into smaller slices; the four matrices stay d_model × d_model"
    )
    assert _raises(parameter_count, 512, 3), "512 is not divisible by 3 heads"
