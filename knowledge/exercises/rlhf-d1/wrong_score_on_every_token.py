"""Mistake: the reward model's score is given to every token instead of once at the end."""


def kl_penalties(logp_policy, logp_ref, beta):
    """-beta * (log pi - log pi_ref) for each generated token."""
    return [-beta * (lp - lr) for lp, lr in zip(logp_policy, logp_ref, strict=True)]


def token_rewards(rm_score, logp_policy, logp_ref, beta):
    """Each token's penalty, with the reward model's score added to the last token."""
    rewards = kl_penalties(logp_policy, logp_ref, beta)
    return [r + rm_score for r in rewards]


def sequence_reward(rm_score, logp_policy, logp_ref, beta):
    """rm_score - beta * sum_t (log pi - log pi_ref)."""
    return sum(token_rewards(rm_score, logp_policy, logp_ref, beta))
