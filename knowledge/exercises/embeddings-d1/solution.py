"""Embeddings on plain lists: a one-hot row times the table is a row lookup; cosine compares directions."""

import math


def one_hot(i, n):
    return [1.0 if k == i else 0.0 for k in range(n)]


def embed(i, W):
    e = one_hot(i, len(W))
    return [sum(e[k] * W[k][j] for k in range(len(W))) for j in range(len(W[0]))]


def cosine_similarity(a, b):
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def most_similar(word, vectors):
    others = [w for w in vectors if w != word]  # the word itself always scores 1
    return max(others, key=lambda w: cosine_similarity(vectors[word], vectors[w]))
