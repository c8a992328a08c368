"""Mistake: padding is zeroed out but the mean still divides by every position."""

import math

import torch


def mse_loss(pred, target, reduction="mean"):
    """(pred − target)², reduced by "none", "sum" or "mean" (over every element)."""
    sq = (pred - target) ** 2
    if reduction == "none":
        return sq
    if reduction == "sum":
        return sq.sum()
    if reduction == "mean":
        return sq.mean()
    raise ValueError(f"unknown reduction {reduction!r}")


def gaussian_nll(mean, target, std):
    """Mean over elements of −log N(target; mean, std²) = ½ log(2π σ²) + (y − μ)² / (2σ²)."""
    var = torch.as_tensor(std, dtype=mean.dtype) ** 2
    return (0.5 * torch.log(2 * math.pi * var) + (target - mean) ** 2 / (2 * var)).mean()


def nll_loss(log_probs, targets, ignore_index=-100):
    """Mean of −log_probs[n, targets[n]] over the examples whose target is not ignore_index."""
    keep = targets != ignore_index
    safe = torch.where(keep, targets, torch.zeros_like(targets))
    picked = log_probs.gather(1, safe.unsqueeze(1)).squeeze(1)
    return -(picked * keep).sum() / len(targets)
