"""A reward model: a causal toy backbone, a scalar head at the last real token, the pairwise loss."""

import torch  # noqa: F401
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401


class RewardModel(nn.Module):
    def __init__(self, vocab_size, d_model):
        """embed = nn.Embedding(vocab_size, d_model), body = nn.Linear(d_model, d_model), head = nn.Linear(d_model, 1)."""
        super().__init__()
        raise NotImplementedError("TODO: create embed, body and head")

    def forward(self, input_ids, attention_mask):
        """(batch, T) right-padded ids and mask -> (batch,) rewards.

        h_t = tanh(body(mean of embeddings 0..t)); the reward is head(h) at the last real token.
        """
        # TODO:
        # 1. x = embed(input_ids); running mean over positions: cumsum / (t + 1)
        # 2. h = tanh(body(running mean)); scores = head(h).squeeze(-1)  -> (batch, T)
        # 3. last real token of each row: attention_mask.sum(1) - 1
        raise NotImplementedError("TODO: the reward of each sequence")


def pairwise_loss(r_chosen, r_rejected):
    """-mean(log sigmoid(r_chosen - r_rejected)), stable for large margins."""
    raise NotImplementedError("TODO: the Bradley-Terry loss")


def preference_accuracy(r_chosen, r_rejected):
    """Fraction of pairs with r_chosen strictly greater than r_rejected (a float)."""
    raise NotImplementedError("TODO: accuracy")
