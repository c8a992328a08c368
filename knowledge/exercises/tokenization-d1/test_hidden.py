from exercise import best_pair, count_pairs, merge_pair


def test_pairs_are_weighted_by_word_counts():
    counts = count_pairs({"a b": 10, "b c": 1, "b c d": 1})
    assert counts[("a", "b")] == 10, (
        f"('a', 'b') occurs in a word seen 10 times, counted {counts[('a', 'b')]}"
    )
    assert counts[("b", "c")] == 2
    got = best_pair({"a b": 10, "b c": 1, "b c d": 1})
    assert got == ("a", "b"), f"best pair {got}: a pair in a frequent word outweighs pairs in many rare words"


def test_pairs_do_not_span_words():
    counts = count_pairs({"x y": 1, "z w": 1})
    assert ("y", "z") not in counts, (
        "a pair never joins the last symbol of one word and the first of the next"
    )


def test_ties_go_to_the_smallest_pair():
    assert best_pair({"b c": 3, "a b": 3}) == ("a", "b")


def test_only_whole_symbols_merge():
    got = merge_pair(("a", "b"), {"ca b": 2, "a bc": 1, "a b": 4})
    assert got == {"ca b": 2, "a bc": 1, "ab": 4}, (
        f"got {got}: 'ca b' and 'a bc' do not contain the symbols a, b side by side; "
        "compare whole symbols instead of replacing substrings"
    )


def test_repeated_symbols_merge_left_to_right():
    got = merge_pair(("a", "a"), {"a a a": 1, "a a a a": 1})
    assert got == {"aa a": 1, "aa aa": 1}, f"got {got}: scan left to right and skip past each merged pair"
