from exercise import best_pair, count_pairs, merge_pair

VOCAB = {"l o w": 5, "l o w e r": 2, "n e w e s t": 6, "w i d e s t": 3}


def test_counts_of_a_few_pairs():
    counts = count_pairs(VOCAB)
    assert counts[("l", "o")] == 7 and counts[("e", "s")] == 9, counts


def test_best_pair_of_the_worked_example():
    assert best_pair(VOCAB) == ("e", "s")


def test_merge_of_the_worked_example():
    assert merge_pair(("e", "s"), VOCAB) == {"l o w": 5, "l o w e r": 2, "n e w es t": 6, "w i d es t": 3}
