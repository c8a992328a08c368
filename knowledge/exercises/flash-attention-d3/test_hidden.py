import math

import torch
import torch.nn.functional as F
from exercise import tiled_attention


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _qkv(seed, L, S, d=8, dv=8, lead=(2,)):
    torch.manual_seed(seed)
    return torch.randn(*lead, L, d), torch.randn(*lead, S, d), torch.randn(*lead, S, dv)


def test_blocks_that_do_not_divide_the_length():
    q, k, v = _qkv(0, 37, 37)
    expected = F.scaled_dot_product_attention(q, k, v)
    for block in (8, 5, 36):
        out, _ = tiled_attention(q, k, v, block_size=block)
        _check(out, expected, f"block_size={block} with 37 keys: is the last, shorter block included?")


def test_one_key_per_block_and_one_block_for_all():
    q, k, v = _qkv(1, 9, 9)
    expected = F.scaled_dot_product_attention(q, k, v)
    for block in (1, 9, 64):
        out, _ = tiled_attention(q, k, v, block_size=block)
        _check(out, expected, f"block_size={block}")


def test_running_max_rescales_earlier_blocks():
    torch.manual_seed(2)
    q, k, v = torch.randn(1, 4, 8), torch.randn(1, 12, 8), torch.randn(1, 12, 8)
    k[:, 8:] *= 4  # the largest scores arrive in the last block, so the maximum moves late
    out, _ = tiled_attention(q, k, v, block_size=4)
    _check(
        out,
        F.scaled_dot_product_attention(q, k, v),
        "when the max grows from m to m_new, multiply both l and acc by exp(m - m_new)",
    )


def test_other_query_length_heads_and_value_size():
    q, k, v = _qkv(3, 5, 23, d=16, dv=6, lead=(2, 3))
    out, _ = tiled_attention(q, k, v, block_size=6)
    _check(out, F.scaled_dot_product_attention(q, k, v), "L=5, S=23, d=16, d_v=6, block 6")


def test_log_sum_exp_of_the_scores():
    q, k, v = _qkv(4, 7, 19)
    _, lse = tiled_attention(q, k, v, block_size=4)
    expected = torch.logsumexp(q @ k.transpose(-2, -1) / math.sqrt(8), dim=-1)
    _check(lse, expected, "lse should be logsumexp over keys of q k^T / sqrt(d)")


def test_causal_square_and_after_a_prefix():
    q, k, v = _qkv(5, 11, 11)
    out, _ = tiled_attention(q, k, v, block_size=4, causal=True)
    _check(out, F.scaled_dot_product_attention(q, k, v, is_causal=True), "causal, L = S = 11, block 4")
    q, k, v = _qkv(6, 3, 10)
    out, _ = tiled_attention(q, k, v, block_size=4, causal=True)
    allowed = torch.ones(3, 10, dtype=torch.bool).tril(diagonal=7)
    _check(out, F.scaled_dot_product_attention(q, k, v, attn_mask=allowed), "causal, 3 queries after 7 keys")


def test_large_scores_do_not_overflow():
    q, k, v = _qkv(7, 6, 20)
    q = q * 100  # scores reach the hundreds: exp() overflows float32 unless the max is subtracted
    out, lse = tiled_attention(q, k, v, block_size=8)
    assert torch.isfinite(out).all() and torch.isfinite(lse).all(), (
        "inf/nan: subtract the running max before exp"
    )
    expected = F.scaled_dot_product_attention(q.double(), k.double(), v.double()).float()
    _check(out, expected, "large scores")
