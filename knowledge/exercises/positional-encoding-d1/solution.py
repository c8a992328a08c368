"""Sinusoidal positions by hand, added to token embeddings, in plain Python."""

import math


def positional_encoding(pos, d_model):
    """PE[2i] = sin(pos / 10000^(2i/d_model)), PE[2i+1] = cos(pos / 10000^(2i/d_model))."""
    pe = []
    for two_i in range(0, d_model, 2):
        angle = pos / 10000 ** (two_i / d_model)
        pe += [math.sin(angle), math.cos(angle)]
    return pe


def embed(tokens, table):
    """The input vectors of a sentence: the token's embedding plus the encoding of its position (from 0)."""
    out = []
    for pos, token in enumerate(tokens):
        vector = table[token]
        pe = positional_encoding(pos, len(vector))
        out.append([e + p for e, p in zip(vector, pe, strict=True)])
    return out
