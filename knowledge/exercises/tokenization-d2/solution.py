"""Byte-level BPE: learn merges over UTF-8 bytes, encode with them in order, decode bytes once."""


def _merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):  # left to right, no overlaps
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train_bpe(text, num_merges):
    ids = list(text.encode("utf-8"))
    merges = []
    while len(merges) < num_merges and len(ids) >= 2:
        counts = {}
        for pair in zip(ids, ids[1:], strict=False):
            counts[pair] = counts.get(pair, 0) + 1
        pair = min(counts, key=lambda p: (-counts[p], p))
        ids = _merge(ids, pair, 256 + len(merges))
        merges.append(pair)
    return merges


def encode(text, merges):
    ids = list(text.encode("utf-8"))
    for i, pair in enumerate(merges):  # a merge only builds on ids made before it
        ids = _merge(ids, pair, 256 + i)
    return ids


def decode(ids, merges):
    table = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        table[256 + i] = table[a] + table[b]
    # a token may hold part of a multi-byte character: decode the joined bytes once
    return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")
