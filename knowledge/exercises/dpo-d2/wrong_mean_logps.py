"""Mistake: the sequence log-probability averages over tokens instead of summing them."""

import torch
import torch.nn.functional as F


def sequence_log_probs(logits, labels, mask):
    """Sum of log p(label) over the response tokens.

    logits: (batch, T, vocab), already aligned so that logits[:, t] scores labels[:, t];
    labels: (batch, T) token ids; mask: (batch, T) bool, True on response tokens.
    Returns (batch,).
    """
    token_logps = torch.log_softmax(logits, dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    return (token_logps * mask).sum(dim=-1) / mask.sum(dim=-1)


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1):
    """Returns (loss, chosen_rewards, rejected_rewards); inputs are (batch,) log-probabilities."""
    chosen_ratio = policy_chosen_logps - ref_chosen_logps
    rejected_ratio = policy_rejected_logps - ref_rejected_logps
    loss = -F.logsigmoid(beta * (chosen_ratio - rejected_ratio)).mean()
    return loss, (beta * chosen_ratio).detach(), (beta * rejected_ratio).detach()
