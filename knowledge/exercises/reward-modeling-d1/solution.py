"""The Bradley-Terry preference model and the pairwise loss of a reward model, in plain Python."""

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
    margin = r_chosen - r_rejected
    # -log sigmoid(m) = log(1 + e^-m), written so that e^(...) never overflows
    return max(-margin, 0.0) + math.log1p(math.exp(-abs(margin)))


def loss_grads(r_chosen, r_rejected):
    """(d loss / d r_chosen, d loss / d r_rejected)."""
    push = _sigmoid(r_rejected - r_chosen)  # 1 - sigmoid(margin)
    return -push, push
