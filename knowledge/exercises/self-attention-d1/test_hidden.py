import math

from exercise import cross_attention, self_attention

X = [[2.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, -1.0], [0.5, -2.0, 0.0]]
Y = [[1.0, 1.0, 1.0], [-1.0, 0.0, 2.0]]


def _close(a, b, tol=1e-9):
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


def _row(q, ks):
    scores = [sum(a * b for a, b in zip(q, k, strict=True)) / math.sqrt(len(q)) for k in ks]
    exps = [math.exp(s) for s in scores]
    return [e / sum(exps) for e in exps]


def test_every_row_is_a_scaled_softmax():
    weights, _ = self_attention(X)
    for i, q in enumerate(X):
        assert _close(weights[i], _row(q, X)), f"row {i} should be softmax_j(x_{i} · x_j / sqrt(d)), d = 3"


def test_each_token_also_attends_to_itself():
    weights, _ = self_attention(X)
    assert all(weights[i][i] > 0.05 for i in range(4)), (
        "in self-attention a token is one of the keys too: its own weight is not zero"
    )
    assert all(abs(sum(row) - 1) < 1e-12 for row in weights)


def test_changing_one_token_changes_every_output():
    _, before = self_attention(X)
    _, after = self_attention([*X[:3], [3.0, 3.0, 3.0]])
    for i in range(3):
        assert not _close(before[i], after[i], 1e-6), (
            f"token {i} did not change when token 3 changed: every token reads every other one in one step"
        )


def test_cross_attention_takes_queries_from_x_and_keys_and_values_from_y():
    weights, outputs = cross_attention(X, Y)
    assert len(weights) == 4 and all(len(row) == 2 for row in weights), (
        "one row per token of X (the queries), one column per token of Y (the keys)"
    )
    for i, q in enumerate(X):
        assert _close(weights[i], _row(q, Y))
        mix = [sum(w * y[c] for w, y in zip(weights[i], Y, strict=True)) for c in range(3)]
        assert _close(outputs[i], mix), "the outputs mix the tokens of Y (the values)"


def test_permuting_the_tokens_permutes_the_outputs():
    perm = [2, 0, 3, 1]
    _, out = self_attention(X)
    _, out_p = self_attention([X[p] for p in perm])
    for i, p in enumerate(perm):
        assert _close(out_p[i], out[p]), "without positions, reordering the tokens just reorders the outputs"
