"""Three parts of a pretraining loop: packing, the learning-rate schedule, gradient clipping."""

import math

import torch


def pack(docs, block_size, eos_id):
    """Documents (lists of token ids) -> LongTensor (n_blocks, block_size).

    Append eos_id after each document, concatenate, cut into rows of block_size, drop the tail.
    """
    stream = [token for doc in docs for token in (*doc, eos_id)]
    n_blocks = len(stream) // block_size
    return torch.tensor(stream[: n_blocks * block_size], dtype=torch.long).view(n_blocks, block_size)


def lr_at(step, max_lr, warmup_steps, total_steps, min_lr=0.0):
    """Linear warmup to max_lr over warmup_steps, then cosine decay to min_lr at total_steps."""
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (max_lr - min_lr) * (1 + math.cos(math.pi * progress))


def clip_grad_norm(grads, max_norm):
    """Scale all gradients together so that their global L2 norm is at most max_norm.

    Returns (clipped_grads, norm): new tensors, and the global norm before clipping (float).
    """
    norm = torch.sqrt(sum((g.double() ** 2).sum() for g in grads)).item()
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return [g * scale for g in grads], norm
