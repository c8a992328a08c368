"""The Bradley-Terry preference model and the pairwise loss of a reward model, in plain Python."""

import math  # noqa: F401  (you will need math.exp and math.log)


def preference_prob(r_a, r_b):
    """P(A preferred to B) = sigmoid(r_a - r_b)."""
    raise NotImplementedError("TODO: the Bradley-Terry probability")


def pairwise_loss(r_chosen, r_rejected):
    """-log sigmoid(r_chosen - r_rejected), finite even for a margin of -1000."""
    raise NotImplementedError("TODO: the pairwise loss")


def loss_grads(r_chosen, r_rejected):
    """(d loss / d r_chosen, d loss / d r_rejected)."""
    raise NotImplementedError("TODO: the two gradients")
