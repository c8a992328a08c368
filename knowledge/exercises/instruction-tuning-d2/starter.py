"""Supervised fine-tuning data: chat template, response-only labels, padding, shifted loss."""

import torch  # noqa: F401
import torch.nn.functional as F  # noqa: F401

ROLE = {"system": 1, "user": 2, "assistant": 3}  # the header token of each role
END = 4  # closes every message
IGNORE = -100  # label of a token that carries no loss (cross_entropy's ignore_index)


def build_example(messages):
    """[(role, token_ids), ...] -> (input_ids, labels); each message is [ROLE[role], *ids, END].

    labels equal input_ids on every assistant message's content and its END, IGNORE elsewhere.
    """
    raise NotImplementedError("TODO: render the template and label the assistant tokens")


def collate(examples, pad_id):
    """[(input_ids, labels), ...] -> dict of (batch, T) LongTensors, padded on the right.

    Keys: input_ids (padded with pad_id), labels (padded with IGNORE), attention_mask (1 real, 0 pad).
    """
    raise NotImplementedError("TODO: pad to the longest example")


def sft_loss(logits, labels):
    """Mean cross-entropy of logits (batch, T, vocab) against labels (batch, T).

    Position t predicts token t + 1; positions labelled IGNORE carry no loss.
    """
    raise NotImplementedError("TODO: shift, then cross-entropy that ignores IGNORE")
