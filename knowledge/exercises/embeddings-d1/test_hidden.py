import math

from exercise import cosine_similarity, embed, most_similar

W = [[0.5, -1.0, 2.0], [3.0, 0.0, 1.0], [-2.0, 4.0, 0.5], [1.0, 1.0, 1.0]]


def test_every_id_picks_its_own_row():
    for i, row in enumerate(W):
        got = embed(i, W)
        assert got == row, f"embed({i}) = {got}: a one-hot row vector times W selects row {i}, {row}"


def test_cosine_ignores_length():
    got = cosine_similarity([1.0, 0.0], [10.0, 0.0])
    assert math.isclose(got, 1.0), (
        f"cosine([1, 0], [10, 0]) = {got}: same direction gives 1 whatever the lengths"
    )
    got = cosine_similarity([2.0, 1.0], [-4.0, -2.0])
    assert math.isclose(got, -1.0), f"opposite directions give -1, got {got}"
    assert math.isclose(cosine_similarity([1.0, 2.0], [-2.0, 1.0]), 0.0, abs_tol=1e-12), "orthogonal gives 0"


def test_most_similar_prefers_direction_over_length():
    vectors = {
        "king": [1.0, 1.0, 0.0],
        "queen": [0.9, 1.1, 0.1],
        "the": [20.0, 5.0, 8.0],  # a long vector pointing elsewhere
        "apple": [0.0, 0.2, 1.0],
    }
    got = most_similar("king", vectors)
    assert got == "queen", (
        f"most_similar('king') = {got!r}: compare directions (cosine), not raw dot products"
    )


def test_most_similar_never_returns_the_word_itself():
    vectors = {"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [-1.0, 0.2]}
    for word in vectors:
        got = most_similar(word, vectors)
        assert got != word, f"most_similar({word!r}) returned the word itself; look among the other words"
