"""One step of byte-pair encoding on a vocabulary of space-separated symbols with counts."""


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
        symbols, out, i = word.split(), [], 0
        while i < len(symbols):  # compare whole symbols, left to right
            if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(symbols[i])
                i += 1
        key = " ".join(out)
        merged[key] = merged.get(key, 0) + freq
    return merged
