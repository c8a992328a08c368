"""Why several small heads: per-head attention weights by hand, and the layer's parameter count."""

import math  # noqa: F401  (you will need math.exp and math.sqrt)


def split_heads(vector, num_heads):
    """Cut a list of d_model numbers into num_heads lists of d_k = d_model / num_heads numbers.

    Head h holds the consecutive features h * d_k ... (h + 1) * d_k - 1. Raise ValueError when
    d_model is not divisible by num_heads.
    """
    raise NotImplementedError("TODO: split_heads")


def head_weights(query, keys, num_heads):
    """The attention weights of one query over the keys, separately for every head.

    Return num_heads lists: list h is softmax over j of (q_h · k_j,h / sqrt(d_k)), where q_h and
    k_j,h are head h's slices of the query and of key j (the projections are the identity here).
    """
    raise NotImplementedError("TODO: per-head scaled dot products and softmax")


def parameter_count(d_model, num_heads):
    """The number of parameters of a multi-head attention layer: W_Q, W_K, W_V and W_O, each an
    nn.Linear(d_model, d_model) with bias. Raise ValueError when d_model % num_heads != 0.
    """
    raise NotImplementedError("TODO: parameter_count")
