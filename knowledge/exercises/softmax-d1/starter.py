"""Softmax of a list of logits, in plain Python."""

import math  # noqa: F401


def softmax(logits):
    """exp(z_i) / Σ_j exp(z_j) for a list of numbers; returns a list of the same length.

    Subtract the largest logit before exp, so that logits like [1000, 1001] do not overflow.
    """
    # TODO:
    # 1. shift every logit by the largest one
    # 2. exponentiate
    # 3. divide each by the sum
    raise NotImplementedError("TODO: softmax")
