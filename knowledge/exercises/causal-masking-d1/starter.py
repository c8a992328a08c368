"""A causal mask and a masked softmax on a small score matrix, in plain Python."""

import math  # noqa: F401  (you will need math.exp)


def causal_mask(n):
    """An n × n list of lists of bools: mask[i][j] is True when position i may attend to j."""
    raise NotImplementedError("TODO: causal_mask")


def masked_softmax(scores, mask):
    """scores and mask are n × m lists of lists. For each row, the blocked entries (mask False)
    get weight 0 and the allowed ones share a softmax among themselves, so every row sums to 1.
    (This is what setting blocked scores to -inf before the softmax does.)
    """
    raise NotImplementedError("TODO: masked_softmax")


def causal_weights(scores):
    """The attention weights of a decoder: masked_softmax of the n × n scores with the causal mask."""
    raise NotImplementedError("TODO: causal_weights")
