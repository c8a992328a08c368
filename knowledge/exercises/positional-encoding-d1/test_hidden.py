import math

from exercise import embed, positional_encoding

TABLE = {
    "dog": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    "bites": [0.0, -0.1, 0.2, 0.0, 0.1, 0.3],
    "man": [0.6, 0.5, 0.4, 0.3, 0.2, 0.1],
}


def _close(a, b, tol=1e-12):
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


def test_sines_in_even_dimensions_cosines_in_odd_ones():
    got = positional_encoding(3, 6)
    angles = [3 / 10000 ** (0 / 6), 3 / 10000 ** (2 / 6), 3 / 10000 ** (4 / 6)]
    expected = [f(a) for a in angles for f in (math.sin, math.cos)]
    assert len(got) == 6
    assert _close(got, expected), (
        f"got {got}: dimension 2i is sin(pos / 10000^(2i/d)), dimension 2i+1 is cos of the same angle"
    )


def test_every_position_is_on_the_unit_circle_in_each_pair():
    pe = positional_encoding(17, 8)
    for i in range(0, 8, 2):
        assert abs(pe[i] ** 2 + pe[i + 1] ** 2 - 1) < 1e-12, "each (sin, cos) pair shares one angle"


def test_the_encoding_is_added_not_appended():
    out = embed(["dog", "bites", "man"], TABLE)
    assert len(out) == 3 and all(len(v) == 6 for v in out), (
        "the position vector is added to the embedding, so the size stays d_model"
    )


def test_the_first_token_is_at_position_zero():
    out = embed(["dog", "bites", "man"], TABLE)
    expected = [e + p for e, p in zip(TABLE["dog"], positional_encoding(0, 6), strict=True)]
    assert _close(out[0], expected), "positions count from 0: the first token gets positional_encoding(0, d)"
    expected = [e + p for e, p in zip(TABLE["man"], positional_encoding(2, 6), strict=True)]
    assert _close(out[2], expected)


def test_the_same_word_at_two_places_gets_two_vectors():
    out = embed(["dog", "bites", "dog"], TABLE)
    assert not _close(out[0], out[2], 1e-6), "the same word at positions 0 and 2 must get different inputs"


def test_word_order_changes_the_inputs():
    a = sorted(map(tuple, embed(["dog", "bites", "man"], TABLE)))
    b = sorted(map(tuple, embed(["man", "bites", "dog"], TABLE)))
    # without positions both sentences would be the same set of three vectors
    assert not _close([x for v in a for x in v], [x for v in b for x in v], 1e-6), (
        "with positions, 'dog bites man' and 'man bites dog' must not be the same set of vectors"
    )
