"""Mistake: the entropy bonus is added to the loss, which punishes exploration."""

import torch


def gae(rewards, values, dones, last_value, gamma, lam):
    """(advantages, returns) for a rollout of T steps; dones[t] is True when step t ended an episode.

    delta_t = r_t + gamma V(s_{t+1}) (1 - done_t) - V(s_t);  A_t = delta_t + gamma lam (1 - done_t) A_{t+1}.
    """
    T = len(rewards)
    advantages = torch.zeros_like(rewards)
    next_value, next_advantage = float(last_value), 0.0
    for t in reversed(range(T)):
        alive = 1.0 - float(dones[t])
        delta = rewards[t] + gamma * next_value * alive - values[t]
        next_advantage = delta + gamma * lam * alive * next_advantage
        advantages[t] = next_advantage
        next_value = values[t]
    return advantages, advantages + values


def ppo_loss(
    new_logp, old_logp, advantages, values, returns, entropy, clip_eps=0.2, vf_coef=0.5, ent_coef=0.01
):
    """(loss, stats): loss = policy_loss + vf_coef * value_loss - ent_coef * mean(entropy).

    stats: floats policy_loss, value_loss, entropy, clip_fraction.
    """
    ratio = torch.exp(new_logp - old_logp)
    unclipped = ratio * advantages
    clipped = torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * advantages
    policy_loss = -torch.min(unclipped, clipped).mean()
    value_loss = ((values - returns) ** 2).mean()
    mean_entropy = entropy.mean()
    loss = policy_loss + vf_coef * value_loss + ent_coef * mean_entropy
    stats = {
        "policy_loss": policy_loss.item(),
        "value_loss": value_loss.item(),
        "entropy": mean_entropy.item(),
        "clip_fraction": ((ratio - 1).abs() > clip_eps).float().mean().item(),
    }
    return loss, stats
