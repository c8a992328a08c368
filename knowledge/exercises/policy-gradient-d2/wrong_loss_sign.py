"""Mistake: the surrogate is returned without the minus, so minimising it lowers the return."""

import torch
import torch.nn.functional as F


def returns_to_go(rewards, gamma):
    """(T,) rewards -> (T,) with G_t = sum_{k >= t} gamma^(k - t) r_k."""
    returns = torch.zeros_like(rewards)
    g = 0.0
    for t in reversed(range(len(rewards))):
        g = rewards[t] + gamma * g
        returns[t] = g
    return returns


def reinforce_loss(logits, actions, returns, baseline=0.0):
    """-mean((G - b) * log pi(a)); logits (N, A), actions (N,), returns (N,), baseline constant."""
    advantage = (returns - baseline).detach()
    log_probs = torch.log_softmax(logits, dim=-1).gather(-1, actions.unsqueeze(-1)).squeeze(-1)
    return (advantage * log_probs).mean()


def score_function_grads(logits, actions, returns, baseline=0.0):
    """(N, A): (G_i - b) * (onehot(a_i) - softmax(logits_i)), from the formula."""
    onehot = F.one_hot(actions, logits.size(-1)).to(logits.dtype)
    advantage = (returns - baseline).detach()
    return advantage.unsqueeze(-1) * (onehot - torch.softmax(logits.detach(), dim=-1))
