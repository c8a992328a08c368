"""Mistake: the labels are padded with the pad id, so padding is trained as a target."""

import torch
import torch.nn.functional as F

ROLE = {"system": 1, "user": 2, "assistant": 3}  # the header token of each role
END = 4  # closes every message
IGNORE = -100  # label of a token that carries no loss (cross_entropy's ignore_index)


def build_example(messages):
    """[(role, token_ids), ...] -> (input_ids, labels); each message is [ROLE[role], *ids, END].

    labels equal input_ids on every assistant message's content and its END, IGNORE elsewhere.
    """
    input_ids, labels = [], []
    for role, ids in messages:
        learned = [*ids, END] if role == "assistant" else [IGNORE] * (len(ids) + 1)
        input_ids += [ROLE[role], *ids, END]
        labels += [IGNORE, *learned]
    return input_ids, labels


def collate(examples, pad_id):
    """[(input_ids, labels), ...] -> dict of (batch, T) LongTensors, padded on the right.

    Keys: input_ids (padded with pad_id), labels (padded with IGNORE), attention_mask (1 real, 0 pad).
    """
    T = max(len(ids) for ids, _ in examples)
    batch = {"input_ids": [], "labels": [], "attention_mask": []}
    for ids, labels in examples:
        pad = T - len(ids)
        batch["input_ids"].append([*ids] + [pad_id] * pad)
        batch["labels"].append([*labels] + [pad_id] * pad)
        batch["attention_mask"].append([1] * len(ids) + [0] * pad)
    return {k: torch.tensor(v, dtype=torch.long) for k, v in batch.items()}


def sft_loss(logits, labels):
    """Mean cross-entropy of logits (batch, T, vocab) against labels (batch, T).

    Position t predicts token t + 1; positions labelled IGNORE carry no loss.
    """
    shifted_logits = logits[:, :-1].reshape(-1, logits.size(-1))
    shifted_labels = labels[:, 1:].reshape(-1)
    return F.cross_entropy(shifted_logits, shifted_labels, ignore_index=IGNORE)
