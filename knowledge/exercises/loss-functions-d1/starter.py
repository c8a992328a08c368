"""Two losses over a batch: mean squared error and binary cross-entropy, in plain Python."""

import math  # noqa: F401


def mse(preds, targets):
    """Mean over the batch of (pred − target)²."""
    # TODO
    raise NotImplementedError("TODO: mse")


def binary_cross_entropy(probs, labels):
    """Mean over the batch of −[y ln p + (1 − y) ln(1 − p)].

    probs[i] is the predicted probability that example i has label 1; labels[i] is 0 or 1.
    """
    # TODO
    raise NotImplementedError("TODO: binary_cross_entropy")
