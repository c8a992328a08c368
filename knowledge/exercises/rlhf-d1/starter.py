"""The KL-penalised, per-token reward of the RL stage of RLHF, in plain Python."""


def kl_penalties(logp_policy, logp_ref, beta):
    """-beta * (log pi - log pi_ref) for each generated token."""
    raise NotImplementedError("TODO: the per-token KL penalty")


def token_rewards(rm_score, logp_policy, logp_ref, beta):
    """Each token's penalty, with the reward model's score added to the last token."""
    raise NotImplementedError("TODO: penalties plus the score at the end")


def sequence_reward(rm_score, logp_policy, logp_ref, beta):
    """rm_score - beta * sum_t (log pi - log pi_ref)."""
    raise NotImplementedError("TODO: the total reward")
