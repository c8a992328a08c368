import math

from exercise import cross_attention, self_attention

X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]  # three tokens with d = 2


def test_self_attention_gives_one_row_per_token_over_every_token():
    weights, outputs = self_attention(X)
    assert len(weights) == 3 and all(len(row) == 3 for row in weights), "weights are (3 tokens) × (3 tokens)"
    assert len(outputs) == 3 and all(len(o) == 2 for o in outputs)


def test_first_row_by_hand():
    weights, _ = self_attention(X)
    # token 0 scores the tokens 1/√2, 0 and 1/√2
    a, b = math.exp(1 / math.sqrt(2)), 1.0
    expected = [a / (2 * a + b), b / (2 * a + b), a / (2 * a + b)]
    assert all(abs(w - e) < 1e-9 for w, e in zip(weights[0], expected, strict=True))


def test_cross_attention_shape():
    weights, outputs = cross_attention([[1.0, 0.0]], X)  # one query token, three source tokens
    assert len(weights) == 1 and len(weights[0]) == 3
    assert len(outputs) == 1 and len(outputs[0]) == 2
