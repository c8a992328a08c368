import math

import torch
import torch.nn as nn
from exercise import MultiHeadAttention

D, H = 32, 4


def _pair(seed=0):
    """Our module and torch's, holding the same weights."""
    torch.manual_seed(seed)
    mha = MultiHeadAttention(D, H)
    ref = nn.MultiheadAttention(D, H, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([mha.W_Q.weight, mha.W_K.weight, mha.W_V.weight]))
        ref.in_proj_bias.copy_(torch.cat([mha.W_Q.bias, mha.W_K.bias, mha.W_V.bias]))
        ref.out_proj.weight.copy_(mha.W_O.weight)
        ref.out_proj.bias.copy_(mha.W_O.bias)
    return mha, ref


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_self_attention_matches_torch_multihead_attention():
    mha, ref = _pair()
    x = torch.randn(2, 6, D)
    out, weights = mha(x, x, x)
    ref_out, ref_weights = ref(x, x, x, need_weights=True, average_attn_weights=False)
    _check(weights, ref_weights, "attention weights differ from nn.MultiheadAttention")
    _check(out, ref_out, "output differs from nn.MultiheadAttention (check how heads are merged)")


def test_cross_attention_with_other_key_length_matches_torch():
    mha, ref = _pair(1)
    q, k, v = torch.randn(2, 3, D), torch.randn(2, 7, D), torch.randn(2, 7, D)
    out, weights = mha(q, k, v)
    ref_out, ref_weights = ref(q, k, v, need_weights=True, average_attn_weights=False)
    assert weights.shape == (2, H, 3, 7), f"weights are {tuple(weights.shape)}, expected (2, {H}, 3, 7)"
    _check(weights, ref_weights, "cross-attention weights differ from nn.MultiheadAttention")
    _check(out, ref_out, "cross-attention output differs from nn.MultiheadAttention")


def test_split_heads_gives_each_head_its_own_slice_of_features():
    torch.manual_seed(0)
    mha = MultiHeadAttention(D, H)
    x = torch.arange(2 * 5 * D, dtype=torch.float32).view(2, 5, D)
    heads = mha.split_heads(x, 2)
    d_k = D // H
    for h in range(H):
        assert torch.equal(heads[:, h], x[:, :, h * d_k : (h + 1) * d_k]), (
            f"head {h} should hold features {h * d_k}..{(h + 1) * d_k - 1} of every position; "
            "a view to (batch, heads, seq, d_k) without a transpose mixes positions"
        )


def test_scores_are_scaled_by_one_over_sqrt_dk():
    torch.manual_seed(2)
    mha = MultiHeadAttention(D, H)
    x = torch.randn(1, 4, D) * 3
    _, weights = mha(x, x, x)
    d_k = D // H
    q = mha.W_Q(x).view(1, 4, H, d_k).transpose(1, 2)
    k = mha.W_K(x).view(1, 4, H, d_k).transpose(1, 2)
    expected = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d_k), dim=-1)
    _check(weights, expected, "weights should be softmax(q k^T / sqrt(d_k)); is the 1/sqrt(d_k) missing?")


def test_causal_mask_is_applied_before_the_softmax():
    mha, ref = _pair(3)
    x = torch.randn(2, 6, D)
    keep = torch.tril(torch.ones(6, 6))
    out, weights = mha(x, x, x, mask=keep)
    ref_out, ref_weights = ref(x, x, x, attn_mask=keep == 0, need_weights=True, average_attn_weights=False)
    assert weights[..., keep == 0].abs().max() < 1e-6, "masked (future) positions received attention weight"
    _check(weights, ref_weights, "masked weights differ from nn.MultiheadAttention")
    _check(out, ref_out, "masked output differs from nn.MultiheadAttention")


def test_padding_mask_broadcasts_over_heads_and_queries():
    mha, ref = _pair(4)
    x = torch.randn(2, 5, D)
    keep = torch.ones(2, 1, 1, 5)
    keep[1, ..., 3:] = 0  # the second sequence has two padding positions
    out, weights = mha(x, x, x, mask=keep)
    ref_out, ref_weights = ref(
        x, x, x, key_padding_mask=keep.view(2, 5) == 0, need_weights=True, average_attn_weights=False
    )
    assert weights[1, :, :, 3:].abs().max() < 1e-6, "padding keys received attention weight"
    _check(out, ref_out, "output with a padding mask differs from nn.MultiheadAttention")
    _check(weights, ref_weights, "weights with a padding mask differ from nn.MultiheadAttention")
