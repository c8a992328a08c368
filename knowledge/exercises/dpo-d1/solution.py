"""The DPO loss of one preference pair from four log-probabilities, in plain Python."""

import math


def _sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def implicit_reward(logp_policy, logp_ref, beta):
    """beta * (log pi(y|x) - log pi_ref(y|x))."""
    return beta * (logp_policy - logp_ref)


def _margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    return implicit_reward(policy_chosen, ref_chosen, beta) - implicit_reward(
        policy_rejected, ref_rejected, beta
    )


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """-log sigmoid(implicit reward of chosen - implicit reward of rejected), finite for margin -1000."""
    m = _margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta)
    return max(-m, 0.0) + math.log1p(math.exp(-abs(m)))  # log(1 + e^-m) without overflow


def pair_weight(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """sigmoid(implicit reward of rejected - implicit reward of chosen)."""
    return _sigmoid(-_margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta))
