"""Self-attention and cross-attention on a few tokens, in plain Python (no learned projections).

A sequence is a list of tokens; a token is a list of d numbers.
"""

import math  # noqa: F401  (you will need math.exp and math.sqrt)


def attention(queries, keys, values):
    """Scaled dot-product attention on lists.

    Returns (weights, outputs): weights[i][j] = softmax over j of (q_i · k_j / sqrt(d)), with
    d the size of a query; outputs[i] = Σ_j weights[i][j] * v_j. There is one row of weights
    and one output per query.
    """
    raise NotImplementedError("TODO: scores, softmax per query, weighted sums")


def self_attention(X):
    """Self-attention with identity projections: queries, keys and values all come from X."""
    raise NotImplementedError("TODO: self-attention")


def cross_attention(X, Y):
    """Attention from the tokens of X to the tokens of Y: queries from X, keys and values from Y."""
    raise NotImplementedError("TODO: cross-attention")
