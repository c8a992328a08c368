"""A Transformer encoder block: attention and feed-forward sublayers with residuals and LayerNorm.

The layers are given, with the same names as nn.TransformerEncoderLayer, so the tests can load
your block's state_dict() into PyTorch's. You write how they are wired.
"""

import torch  # noqa: F401
import torch.nn as nn


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, num_heads: int, d_ff: int, norm_first: bool = False):
        super().__init__()
        self.norm_first = norm_first
        self.self_attn = nn.MultiheadAttention(d_model, num_heads, batch_first=True)
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def forward(self, x, causal=False):
        """x: (batch, seq, d_model) -> (batch, seq, d_model).

        attn(y) = self.self_attn(y, y, y)[0]; ffn(y) = linear2(relu(linear1(y))).
        Post-norm (norm_first=False):  x = norm1(x + attn(x));  x = norm2(x + ffn(x))
        Pre-norm  (norm_first=True):   x = x + attn(norm1(x));  x = x + ffn(norm2(x))
        causal=True: position i attends only to positions 0..i. Careful: for
        nn.MultiheadAttention a bool attn_mask is True where attention is NOT allowed.
        """
        raise NotImplementedError("TODO: the two sublayers with residuals and LayerNorm")


def flops_per_token(d_model, d_ff, seq_len):
    """Forward FLOPs of one block for one token in a sequence of seq_len tokens.

    Count only matrix multiplies, a multiply-add as 2 FLOPs: the four d_model × d_model
    projections, the two feed-forward layers, and the attention itself (the query's dot product
    with seq_len keys, then the weighted sum of seq_len values, each of size d_model).
    """
    raise NotImplementedError("TODO: flops_per_token")
