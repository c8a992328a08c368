"""PPO: generalised advantage estimation and the clipped loss with value and entropy terms."""

import torch  # noqa: F401


def gae(rewards, values, dones, last_value, gamma, lam):
    """(advantages, returns) for a rollout of T steps; dones[t] is True when step t ended an episode.

    delta_t = r_t + gamma V(s_{t+1}) (1 - done_t) - V(s_t);  A_t = delta_t + gamma lam (1 - done_t) A_{t+1}.
    """
    raise NotImplementedError("TODO: go backwards from the last step")


def ppo_loss(
    new_logp, old_logp, advantages, values, returns, entropy, clip_eps=0.2, vf_coef=0.5, ent_coef=0.01
):
    """(loss, stats): loss = policy_loss + vf_coef * value_loss - ent_coef * mean(entropy).

    stats: floats policy_loss, value_loss, entropy, clip_fraction.
    """
    # TODO:
    # 1. ratio = exp(new_logp - old_logp)
    # 2. policy_loss = -mean(min(ratio A, clip(ratio, 1 - eps, 1 + eps) A))
    # 3. value_loss = mean((values - returns)^2)
    # 4. clip_fraction = share of |ratio - 1| > eps
    raise NotImplementedError("TODO: the PPO loss")
