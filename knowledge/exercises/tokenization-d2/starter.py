"""Byte-level BPE: learn merges over UTF-8 bytes, encode with them in order, decode bytes once.

Ids 0-255 are bytes; merge number i (a pair of ids) creates the id 256 + i.
"""


def train_bpe(text, num_merges):
    """The list of merged pairs, most frequent pair first (ties: the smallest pair)."""
    # TODO: ids = list(text.encode("utf-8")); repeat: count adjacent pairs, pick one,
    # replace it left to right without overlaps by the next id
    raise NotImplementedError("TODO: learn the merges")


def encode(text, merges):
    """UTF-8 bytes of text with the merges applied in the order they were learned."""
    raise NotImplementedError("TODO: encode")


def decode(ids, merges):
    """Expand every id into its bytes, join them, decode UTF-8 once."""
    raise NotImplementedError("TODO: decode")
