"""Additive (Bahdanau) and dot-product (Luong) attention of one decoder state over encoder outputs.

Keep the names W_q, W_k and v: the tests read your weights from state_dict().
"""

import torch  # noqa: F401
import torch.nn as nn


class AdditiveAttention(nn.Module):
    """score_i = vᵀ tanh(W_q q + W_k k_i)."""

    def __init__(self, query_dim: int, key_dim: int, attn_dim: int):
        super().__init__()
        self.W_q = nn.Linear(query_dim, attn_dim, bias=False)
        self.W_k = nn.Linear(key_dim, attn_dim, bias=False)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, query, keys, values, mask=None):
        """query (batch, Dq): the decoder state; keys (batch, S, Dk) and values (batch, S, Dv):
        one per source position; mask (batch, S) bool, True for real tokens, False for padding.

        Returns (context, weights): weights (batch, S) sum to 1 over the source positions and
        are 0 where mask is False; context (batch, Dv) is Σ_i weights_i values_i.
        """
        # TODO:
        # 1. W_q(query) has shape (batch, attn_dim): add a source axis so it broadcasts over W_k(keys)
        # 2. scores = v(tanh(...)), squeezed to (batch, S)
        # 3. padding positions get -inf, then softmax over the source positions
        # 4. context = weighted sum of the values
        raise NotImplementedError("TODO: additive attention")


def dot_product_attention(query, keys, values, mask=None):
    """score_i = q · k_i (no scaling; query and keys have the same size).

    Same arguments and results as AdditiveAttention.forward.
    """
    raise NotImplementedError("TODO: dot-product attention")
