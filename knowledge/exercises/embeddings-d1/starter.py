"""Embeddings on plain lists: a one-hot row times the table is a row lookup; cosine compares directions."""

import math  # noqa: F401


def one_hot(i, n):
    """n zeros with a 1 at position i."""
    raise NotImplementedError("TODO: one-hot vector")


def embed(i, W):
    """one_hot(i, len(W)) times W, as a matrix product: entry j = sum_k onehot[k] * W[k][j]."""
    raise NotImplementedError("TODO: one-hot times the table")


def cosine_similarity(a, b):
    """a . b / (|a| |b|)."""
    raise NotImplementedError("TODO: cosine similarity")


def most_similar(word, vectors):
    """The other word whose vector is closest to vectors[word] by cosine similarity."""
    raise NotImplementedError("TODO: nearest neighbour by cosine")
