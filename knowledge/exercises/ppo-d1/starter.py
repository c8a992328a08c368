"""The PPO clipped surrogate objective for one sample, in plain Python."""

import math  # noqa: F401  (you will need math.exp)


def prob_ratio(logp_new, logp_old):
    """pi_new(a|s) / pi_old(a|s) from the two log-probabilities."""
    raise NotImplementedError("TODO: the probability ratio")


def clipped_objective(ratio, advantage, eps):
    """min(r * A, clip(r, 1 - eps, 1 + eps) * A)."""
    raise NotImplementedError("TODO: the clipped objective")


def gets_gradient(ratio, advantage, eps):
    """False when the min selects the flat clipped term, True otherwise."""
    raise NotImplementedError("TODO: is this sample clipped?")
