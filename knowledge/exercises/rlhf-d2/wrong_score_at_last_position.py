"""Mistake: the score is added at position T - 1, which is padding for shorter responses."""

import torch
import torch.nn.functional as F


def per_token_rewards(rm_scores, logp, ref_logp, mask, beta):
    """(B, T): -beta (logp - ref_logp) on response tokens, + rm_scores on each row's last one, 0 on padding."""
    rewards = torch.where(mask, -beta * (logp - ref_logp), torch.zeros_like(logp))
    rewards[:, -1] += rm_scores
    return rewards


def categorical_kl(logits, ref_logits):
    """KL(softmax(logits) || softmax(ref_logits)) over the last dimension."""
    logp, ref = F.log_softmax(logits, dim=-1), F.log_softmax(ref_logits, dim=-1)
    return (logp.exp() * (logp - ref)).sum(dim=-1)


def kl_regularized_objective(logits, ref_logits, rewards, beta):
    """sum(pi * rewards) - beta * KL(pi || pi_ref), pi = softmax(logits)."""
    pi = torch.softmax(logits, dim=-1)
    return (pi * rewards).sum(dim=-1) - beta * categorical_kl(logits, ref_logits)


def optimal_policy(ref_logits, rewards, beta):
    """pi*(y) proportional to pi_ref(y) exp(r(y) / beta), as probabilities."""
    return torch.softmax(F.log_softmax(ref_logits, dim=-1) + rewards / beta, dim=-1)
