"""The KL-regularised RLHF objective: per-token rewards, the KL, the objective, its optimum."""

import torch  # noqa: F401
import torch.nn.functional as F  # noqa: F401


def per_token_rewards(rm_scores, logp, ref_logp, mask, beta):
    """(B, T): -beta (logp - ref_logp) on response tokens, + rm_scores on each row's last one, 0 on padding."""
    raise NotImplementedError("TODO: per-token rewards")


def categorical_kl(logits, ref_logits):
    """KL(softmax(logits) || softmax(ref_logits)) over the last dimension."""
    raise NotImplementedError("TODO: the KL of two categoricals")


def kl_regularized_objective(logits, ref_logits, rewards, beta):
    """sum(pi * rewards) - beta * KL(pi || pi_ref), pi = softmax(logits)."""
    raise NotImplementedError("TODO: the objective")


def optimal_policy(ref_logits, rewards, beta):
    """pi*(y) proportional to pi_ref(y) exp(r(y) / beta), as probabilities."""
    raise NotImplementedError("TODO: the closed-form optimum")
