"""Three parts of a pretraining loop: packing, the learning-rate schedule, gradient clipping."""

import math  # noqa: F401  (you will need math.cos and math.pi)

import torch  # noqa: F401


def pack(docs, block_size, eos_id):
    """Documents (lists of token ids) -> LongTensor (n_blocks, block_size).

    Append eos_id after each document, concatenate, cut into rows of block_size, drop the tail.
    """
    raise NotImplementedError("TODO: one stream with eos after each document, cut into blocks")


def lr_at(step, max_lr, warmup_steps, total_steps, min_lr=0.0):
    """Linear warmup to max_lr over warmup_steps, then cosine decay to min_lr at total_steps."""
    # TODO:
    # 1. step < warmup_steps: max_lr * (step + 1) / warmup_steps
    # 2. otherwise: progress = (step - warmup_steps) / (total_steps - warmup_steps) and
    #    min_lr + 0.5 * (max_lr - min_lr) * (1 + cos(pi * progress))
    raise NotImplementedError("TODO: warmup then cosine decay")


def clip_grad_norm(grads, max_norm):
    """Scale all gradients together so that their global L2 norm is at most max_norm.

    Returns (clipped_grads, norm): new tensors, and the global norm before clipping (float).
    """
    raise NotImplementedError("TODO: one norm over all gradients, one scale for all of them")
