"""The PPO clipped surrogate objective for one sample, in plain Python."""

import math


def prob_ratio(logp_new, logp_old):
    """pi_new(a|s) / pi_old(a|s) from the two log-probabilities."""
    return math.exp(logp_new - logp_old)


def clipped_objective(ratio, advantage, eps):
    """min(r * A, clip(r, 1 - eps, 1 + eps) * A)."""
    clipped = min(max(ratio, 1 - eps), 1 + eps)
    return min(ratio * advantage, clipped * advantage)


def gets_gradient(ratio, advantage, eps):
    """False when the min selects the flat clipped term, True otherwise."""
    if advantage > 0:
        return ratio <= 1 + eps
    if advantage < 0:
        return ratio >= 1 - eps
    return False
