import math

from exercise import embed, positional_encoding


def test_position_zero():
    assert positional_encoding(0, 4) == [0.0, 1.0, 0.0, 1.0]  # sin 0 = 0, cos 0 = 1


def test_position_one_with_four_dimensions():
    # frequencies 1 / 10000^(0/4) = 1 and 1 / 10000^(2/4) = 0.01
    expected = [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)]
    got = positional_encoding(1, 4)
    assert all(abs(g - e) < 1e-12 for g, e in zip(got, expected, strict=True))


def test_embedding_keeps_its_size():
    table = {"cat": [0.5, 0.5, 0.5, 0.5]}
    assert len(embed(["cat", "cat"], table)[1]) == 4
