"""Sinusoidal positions by hand, added to token embeddings, in plain Python."""

import math  # noqa: F401  (you will need math.sin and math.cos)


def positional_encoding(pos, d_model):
    """The encoding of position `pos` (0, 1, 2, ...) as a list of d_model numbers (d_model even):

    PE[2i] = sin(pos / 10000^(2i / d_model)),  PE[2i + 1] = cos(pos / 10000^(2i / d_model))
    """
    raise NotImplementedError("TODO: positional_encoding")


def embed(tokens, table):
    """The Transformer's input for a sentence: for the token at position p (counting from 0),
    table[token] + positional_encoding(p, d_model), added element by element.

    tokens: a list of words; table: a dict {word: list of d_model numbers}.
    """
    raise NotImplementedError("TODO: embed")
