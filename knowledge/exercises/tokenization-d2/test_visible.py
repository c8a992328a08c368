from exercise import decode, encode, train_bpe


def test_no_merges_means_bytes():
    assert encode("hi!", []) == [104, 105, 33]


def test_first_merge_is_the_most_frequent_pair():
    assert train_bpe("aaab", 1) == [(97, 97)]


def test_ascii_round_trip():
    merges = train_bpe("the cat sat on the mat", 5)
    assert decode(encode("the cat", merges), merges) == "the cat"
