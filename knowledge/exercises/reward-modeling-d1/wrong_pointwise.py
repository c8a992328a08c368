"""Mistake: each answer is classified on its own (chosen as good, rejected as bad) instead of comparing them."""

import math


def _sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def preference_prob(r_a, r_b):
    """P(A preferred to B) = sigmoid(r_a - r_b)."""
    return _sigmoid(r_a - r_b)


def pairwise_loss(r_chosen, r_rejected):
    """-log sigmoid(r_chosen - r_rejected), finite even for a margin of -1000."""
    return -math.log(_sigmoid(r_chosen)) - math.log(1 - _sigmoid(r_rejected))


def loss_grads(r_chosen, r_rejected):
    """(d loss / d r_chosen, d loss / d r_rejected)."""
    push = _sigmoid(r_rejected - r_chosen)  # 1 - sigmoid(margin)
    return -push, push
