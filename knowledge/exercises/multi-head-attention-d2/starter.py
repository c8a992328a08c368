"""Multi-head attention: project, split into heads, attend in parallel, merge, project.

Fill in the three TODOs. Keep the names: the tests copy weights into W_Q, W_K, W_V and W_O.
"""

import math  # noqa: F401  (you will need math.sqrt)

import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, num_heads: int):
        """Four nn.Linear(d_model, d_model) layers (with bias): W_Q, W_K, W_V and W_O.

        Also store d_model, num_heads and d_k = d_model // num_heads.
        """
        super().__init__()
        raise NotImplementedError("TODO: store the sizes and create W_Q, W_K, W_V, W_O")

    def split_heads(self, x: torch.Tensor, batch_size: int) -> torch.Tensor:
        """(batch, seq, d_model) -> (batch, num_heads, seq, d_k).

        Head h must hold the features h * d_k ... (h + 1) * d_k - 1 of every position.
        """
        raise NotImplementedError("TODO: view as (batch, seq, heads, d_k), then move heads forward")

    def forward(self, Q, K, V, mask=None):
        """Q: (batch, seq_q, d_model); K, V: (batch, seq_k, d_model).

        mask: optional, broadcastable to (batch, num_heads, seq_q, seq_k); 1/True means
        "may attend", 0/False means "masked out".

        Returns (output, attention_weights): output is (batch, seq_q, d_model) and
        attention_weights is (batch, num_heads, seq_q, seq_k), each row summing to 1.
        """
        # TODO:
        # 1. project Q, K, V with W_Q, W_K, W_V
        # 2. split each into heads
        # 3. scores = q k^T / sqrt(d_k); masked positions get -inf before the softmax
        # 4. softmax over the keys, then weights @ v
        # 5. merge the heads back to (batch, seq_q, d_model) and apply W_O
        raise NotImplementedError("TODO: multi-head attention forward pass")
