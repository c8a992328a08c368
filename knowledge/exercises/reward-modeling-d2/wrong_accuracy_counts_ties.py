"""Mistake: a tie counts as a correct ranking."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class RewardModel(nn.Module):
    def __init__(self, vocab_size, d_model):
        """embed = nn.Embedding(vocab_size, d_model), body = nn.Linear(d_model, d_model), head = nn.Linear(d_model, 1)."""
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.body = nn.Linear(d_model, d_model)
        self.head = nn.Linear(d_model, 1)

    def forward(self, input_ids, attention_mask):
        """(batch, T) right-padded ids and mask -> (batch,) rewards.

        h_t = tanh(body(mean of embeddings 0..t)); the reward is head(h) at the last real token.
        """
        x = self.embed(input_ids)
        positions = torch.arange(1, x.size(1) + 1, dtype=x.dtype).view(1, -1, 1)
        h = torch.tanh(self.body(x.cumsum(dim=1) / positions))
        scores = self.head(h).squeeze(-1)  # (batch, T)
        last = attention_mask.sum(dim=1) - 1
        return scores[torch.arange(scores.size(0)), last]


def pairwise_loss(r_chosen, r_rejected):
    """-mean(log sigmoid(r_chosen - r_rejected)), stable for large margins."""
    return -F.logsigmoid(r_chosen - r_rejected).mean()


def preference_accuracy(r_chosen, r_rejected):
    """Fraction of pairs with r_chosen strictly greater than r_rejected (a float)."""
    return (r_chosen >= r_rejected).float().mean().item()
