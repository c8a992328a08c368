"""Direct Preference Optimization: the loss from per-sequence log-probabilities."""

import torch  # noqa: F401
import torch.nn.functional as F  # noqa: F401


def sequence_log_probs(logits, labels, mask):
    """Log-probability of each response under the model: sum of log p(label) over its tokens.

    logits: (batch, T, vocab), already aligned so that logits[:, t] scores labels[:, t]
    (no shifting needed); labels: (batch, T) token ids; mask: (batch, T) bool, True on the
    response tokens (prompt and padding are False). Returns (batch,).
    """
    raise NotImplementedError("TODO: log_softmax, pick the label's entry, sum over masked tokens")


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1):
    """The DPO loss for a batch of (chosen, rejected) pairs; every input is (batch,).

    loss = -mean( log sigmoid( beta * [ (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected) ] ) )

    Also return the implicit rewards, detached from the graph:
    chosen_rewards = beta * (policy_chosen - ref_chosen), rejected_rewards likewise.
    Returns (loss, chosen_rewards, rejected_rewards).
    """
    raise NotImplementedError("TODO: the DPO loss")
