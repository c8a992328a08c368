"""Losses from maximum likelihood: MSE with a reduction, Gaussian NLL, and NLL with padding."""

import math  # noqa: F401

import torch  # noqa: F401


def mse_loss(pred, target, reduction="mean"):
    """(pred − target)², reduced by "none" (elementwise), "sum" or "mean" (over every element)."""
    # TODO
    raise NotImplementedError("TODO: mse_loss")


def gaussian_nll(mean, target, std):
    """Mean over every element of −log N(target; mean, std²).

    std is the standard deviation σ: a positive number or a tensor broadcastable to mean.
    """
    # TODO: ½ log(2π σ²) + (y − μ)² / (2σ²)
    raise NotImplementedError("TODO: gaussian_nll")


def nll_loss(log_probs, targets, ignore_index=-100):
    """log_probs: (N, C), targets: (N,) -> scalar.

    The mean of −log_probs[n, targets[n]] over the examples whose target is not ignore_index.
    """
    # TODO: careful, ignore_index is not a valid column to gather
    raise NotImplementedError("TODO: nll_loss")
