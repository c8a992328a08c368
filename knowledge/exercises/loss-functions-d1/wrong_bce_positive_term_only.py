"""Mistake: only the y ln p term is kept, so label-0 examples cost nothing."""

import math


def mse(preds, targets):
    """Mean over the batch of (pred − target)²."""
    return sum((p - t) ** 2 for p, t in zip(preds, targets, strict=True)) / len(preds)


def binary_cross_entropy(probs, labels):
    """Mean over the batch of −[y ln p + (1 − y) ln(1 − p)], p = P(label 1)."""
    terms = [-y * math.log(p) for p, y in zip(probs, labels, strict=True)]
    return sum(terms) / len(terms)
