"""Mistake: the merge is a plain string replace, which can glue pieces of longer symbols."""


def count_pairs(vocab):
    counts = {}
    for word, freq in vocab.items():
        symbols = word.split()
        for pair in zip(symbols, symbols[1:], strict=False):
            counts[pair] = counts.get(pair, 0) + freq  # weighted by how often the word occurs
    return counts


def best_pair(vocab):
    counts = count_pairs(vocab)
    return min(counts, key=lambda pair: (-counts[pair], pair))


def merge_pair(pair, vocab):
    a, b = pair
    merged = {}
    for word, freq in vocab.items():
        key = word.replace(f"{a} {b}", a + b)
        merged[key] = merged.get(key, 0) + freq
    return merged
