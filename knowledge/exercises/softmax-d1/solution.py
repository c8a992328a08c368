"""Softmax of a list of logits, in plain Python."""

import math


def softmax(logits):
    """exp(z_i) / Σ_j exp(z_j), computed after subtracting max(z) so exp never overflows."""
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]
