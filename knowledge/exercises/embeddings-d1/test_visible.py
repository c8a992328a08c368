import math

from exercise import cosine_similarity, embed, most_similar, one_hot


def test_one_hot():
    assert one_hot(2, 4) == [0, 0, 1, 0]


def test_one_hot_times_the_table_is_a_row():
    assert embed(1, [[1, 0], [0.6, 0.8], [-1, 0]]) == [0.6, 0.8]


def test_cosine_of_the_worked_example():
    assert math.isclose(cosine_similarity([1, 0], [0.6, 0.8]), 0.6)


def test_most_similar_on_a_tiny_vocabulary():
    vectors = {"cat": [1.0, 0.1], "dog": [0.9, 0.2], "car": [0.0, 1.0]}
    assert most_similar("cat", vectors) == "dog"
