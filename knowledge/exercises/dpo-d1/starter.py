"""The DPO loss of one preference pair from four log-probabilities, in plain Python."""

import math  # noqa: F401  (you will need math.exp and math.log)


def implicit_reward(logp_policy, logp_ref, beta):
    """beta * (log pi(y|x) - log pi_ref(y|x))."""
    raise NotImplementedError("TODO: the implicit reward")


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """-log sigmoid(implicit reward of chosen - implicit reward of rejected), finite for margin -1000."""
    raise NotImplementedError("TODO: the DPO loss")


def pair_weight(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """sigmoid(implicit reward of rejected - implicit reward of chosen)."""
    raise NotImplementedError("TODO: how hard this pair pushes")
