"""The next-token loss from logits and token ids: shifted targets, padding, perplexity."""

import math  # noqa: F401

import torch  # noqa: F401


def per_token_nll(logits, tokens):
    """logits: (batch, T, vocab), the model's output at every position; tokens: (batch, T) ids.

    The logits at position t predict the token at position t + 1. Return the (batch, T-1)
    negative log-likelihoods −log softmax(logits[:, t])[tokens[:, t + 1]].
    """
    raise NotImplementedError("TODO: shift, log_softmax, pick the target's log-probability")


def lm_loss(logits, tokens, pad_id=None):
    """The mean of per_token_nll over every prediction whose target is not pad_id (a 0-dim tensor)."""
    raise NotImplementedError("TODO: lm_loss")


def perplexity(loss):
    """exp of a mean NLL in nats, as a Python float."""
    raise NotImplementedError("TODO: perplexity")
