"""LoRA: a frozen nn.Linear plus a trainable low-rank update (alpha / r) * B A."""

import math  # noqa: F401

import torch  # noqa: F401
import torch.nn as nn


class LoRALinear(nn.Module):
    """Wraps a pretrained nn.Linear(in_features, out_features).

    - self.base: the wrapped layer, with every parameter frozen (requires_grad False).
    - self.lora_A: nn.Parameter (r, in_features), random at start (e.g. Kaiming-uniform).
    - self.lora_B: nn.Parameter (out_features, r), zeros at start.
    - self.scaling = alpha / r.

    forward(x) = base(x) + scaling * x A^T B^T
    """

    def __init__(self, base: nn.Linear, r: int, alpha: float):
        super().__init__()
        raise NotImplementedError("TODO: freeze base, create lora_A and lora_B, store the scaling")

    def forward(self, x):
        raise NotImplementedError("TODO: base output plus the scaled low-rank update")

    def merge(self) -> nn.Linear:
        """Return a new nn.Linear with weight W + scaling * B @ A (and the base bias).

        It must compute exactly what forward computes.
        """
        raise NotImplementedError("TODO: fold the update into one weight matrix")
