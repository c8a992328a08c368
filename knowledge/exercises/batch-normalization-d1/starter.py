"""Batch normalization on plain lists: per-feature statistics over the batch.

batch: a list of N rows, each a list of C features; gamma, beta: lists of C numbers.
"""

import math  # noqa: F401


def batch_norm_train(batch, gamma, beta, eps=1e-5):
    """Normalize each feature (column) with its batch mean and biased variance, then scale and shift."""
    raise NotImplementedError("TODO: per-column mean and variance, then the formula")


def update_running(running_mean, running_var, batch, momentum=0.1):
    """new = (1 - momentum) * old + momentum * batch statistic; the batch variance divides by N - 1."""
    raise NotImplementedError("TODO: update the running statistics")


def batch_norm_eval(batch, running_mean, running_var, gamma, beta, eps=1e-5):
    """The same formula with the running statistics."""
    raise NotImplementedError("TODO: normalize with the running statistics")
