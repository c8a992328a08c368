"""Mistake: the larger of the two terms is kept, an optimistic bound instead of a pessimistic one."""

import math


def prob_ratio(logp_new, logp_old):
    """pi_new(a|s) / pi_old(a|s) from the two log-probabilities."""
    return math.exp(logp_new - logp_old)


def clipped_objective(ratio, advantage, eps):
    """min(r * A, clip(r, 1 - eps, 1 + eps) * A)."""
    clipped = min(max(ratio, 1 - eps), 1 + eps)
    return max(ratio * advantage, clipped * advantage)


def gets_gradient(ratio, advantage, eps):
    """False when the min selects the flat clipped term, True otherwise."""
    if advantage > 0:
        return ratio <= 1 + eps
    if advantage < 0:
        return ratio >= 1 - eps
    return False
