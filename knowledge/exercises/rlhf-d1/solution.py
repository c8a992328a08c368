"""The KL-penalised, per-token reward of the RL stage of RLHF, in plain Python."""


def kl_penalties(logp_policy, logp_ref, beta):
    """-beta * (log pi - log pi_ref) for each generated token."""
    return [-beta * (lp - lr) for lp, lr in zip(logp_policy, logp_ref, strict=True)]


def token_rewards(rm_score, logp_policy, logp_ref, beta):
    """Each token's penalty, with the reward model's score added to the last token."""
    rewards = kl_penalties(logp_policy, logp_ref, beta)
    rewards[-1] += rm_score
    return rewards


def sequence_reward(rm_score, logp_policy, logp_ref, beta):
    """rm_score - beta * sum_t (log pi - log pi_ref)."""
    return sum(token_rewards(rm_score, logp_policy, logp_ref, beta))
