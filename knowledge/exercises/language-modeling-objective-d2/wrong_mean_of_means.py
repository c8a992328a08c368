"""Mistake: each sequence's loss is averaged first, then the sequences are averaged, so short ones weigh more."""

import math

import torch


def per_token_nll(logits, tokens):
    """(batch, T-1): −log p(tokens[:, t+1] | tokens[:, :t+1]) read from logits[:, t]."""
    log_probs = torch.log_softmax(logits[:, :-1], dim=-1)
    targets = tokens[:, 1:]
    return -log_probs.gather(-1, targets.unsqueeze(-1)).squeeze(-1)


def lm_loss(logits, tokens, pad_id=None):
    """The mean NLL over every predicted token whose target is not padding."""
    nll = per_token_nll(logits, tokens)
    if pad_id is None:
        return nll.mean()
    keep = tokens[:, 1:] != pad_id
    per_sequence = (nll * keep).sum(dim=1) / keep.sum(dim=1)
    return per_sequence.mean()


def perplexity(loss):
    """exp of a mean NLL (natural log), as a float."""
    return math.exp(float(loss))
