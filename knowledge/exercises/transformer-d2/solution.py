"""A Transformer encoder block: attention and feed-forward sublayers with residuals and LayerNorm."""

import torch
import torch.nn as nn


class TransformerBlock(nn.Module):
    """Same parameters as nn.TransformerEncoderLayer(batch_first=True, dropout=0, activation=relu)."""

    def __init__(self, d_model: int, num_heads: int, d_ff: int, norm_first: bool = False):
        super().__init__()
        self.norm_first = norm_first
        self.self_attn = nn.MultiheadAttention(d_model, num_heads, batch_first=True)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def _attend(self, x, causal):
        n = x.size(1)
        # nn.MultiheadAttention: a bool attn_mask is True where attention is NOT allowed
        mask = torch.ones(n, n, dtype=torch.bool).triu(1) if causal else None
        out, _ = self.self_attn(x, x, x, attn_mask=mask, need_weights=False)
        return out

    def _ffn(self, x):
        return self.linear2(torch.relu(self.linear1(x)))

    def forward(self, x, causal=False):
        """x: (batch, seq, d_model) -> (batch, seq, d_model)."""
        if self.norm_first:
            x = x + self._attend(self.norm1(x), causal)
            return x + self._ffn(self.norm2(x))
        x = self.norm1(x + self._attend(x, causal))
        return self.norm2(x + self._ffn(x))


def flops_per_token(d_model, d_ff, seq_len):
    """Forward FLOPs of one block per token (a multiply-add = 2 FLOPs, matrix multiplies only)."""
    projections = 2 * 4 * d_model * d_model  # W_Q, W_K, W_V, W_O
    feed_forward = 2 * 2 * d_model * d_ff
    attention = 2 * 2 * seq_len * d_model  # q · k for every key, then the weighted sum of values
    return projections + feed_forward + attention
