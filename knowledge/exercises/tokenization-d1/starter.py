"""One step of byte-pair encoding on a vocabulary of space-separated symbols with counts.

vocab: {"l o w": 5, "l o w e r": 2, ...}: a word's symbols separated by spaces -> its count.
"""


def count_pairs(vocab):
    """{(a, b): count} over adjacent symbols, each word weighted by its count."""
    raise NotImplementedError("TODO: count adjacent pairs")


def best_pair(vocab):
    """The most frequent pair; ties go to the smallest tuple."""
    raise NotImplementedError("TODO: pick the pair to merge")


def merge_pair(pair, vocab):
    """A new vocab where each adjacent 'a b' (whole symbols, left to right) becomes 'ab'."""
    raise NotImplementedError("TODO: merge the pair in every word")
