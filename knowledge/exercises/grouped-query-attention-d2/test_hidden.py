import torch
import torch.nn as nn
import torch.nn.functional as F
from exercise import GroupedQueryAttention, repeat_kv


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _reference(gqa, x, num_heads, num_kv_heads, causal=False):
    """One query head at a time; query head h reads kv head h // (num_heads // num_kv_heads)."""
    b, s, d = x.shape
    head_dim = d // num_heads
    q = gqa.W_Q(x).view(b, s, num_heads, head_dim).transpose(1, 2)
    k = gqa.W_K(x).view(b, s, num_kv_heads, head_dim).transpose(1, 2)
    v = gqa.W_V(x).view(b, s, num_kv_heads, head_dim).transpose(1, 2)
    group = num_heads // num_kv_heads
    heads = [
        F.scaled_dot_product_attention(q[:, h], k[:, h // group], v[:, h // group], is_causal=causal)
        for h in range(num_heads)
    ]
    return gqa.W_O(torch.cat(heads, dim=-1))


def test_repeat_kv_gives_each_query_head_its_group():
    torch.manual_seed(0)
    kv = torch.randn(2, 3, 4, 5)
    out = repeat_kv(kv, 2)
    for h in range(6):
        assert torch.equal(out[:, h], kv[:, h // 2]), (
            f"head {h} should be kv head {h // 2}: heads 0,1 share kv 0, heads 2,3 share kv 1, ... "
            "(repeat_interleave, not repeat)"
        )


def test_projections_have_the_kv_head_sizes():
    torch.manual_seed(0)
    gqa = GroupedQueryAttention(48, num_heads=6, num_kv_heads=3)
    assert gqa.W_Q.weight.shape == (48, 48)
    assert gqa.W_K.weight.shape == (24, 48) and gqa.W_V.weight.shape == (24, 48)
    assert gqa.W_K.bias is None, "use bias=False"


def test_matches_a_per_head_reference():
    torch.manual_seed(1)
    gqa = GroupedQueryAttention(32, num_heads=8, num_kv_heads=2)
    x = torch.randn(2, 6, 32)
    _check(gqa(x), _reference(gqa, x, 8, 2), "grouped-query output differs from a per-head reference")


def test_causal_matches_torch_enable_gqa():
    torch.manual_seed(2)
    gqa = GroupedQueryAttention(32, num_heads=4, num_kv_heads=2)
    x = torch.randn(2, 7, 32)
    q = gqa.W_Q(x).view(2, 7, 4, 8).transpose(1, 2)
    k = gqa.W_K(x).view(2, 7, 2, 8).transpose(1, 2)
    v = gqa.W_V(x).view(2, 7, 2, 8).transpose(1, 2)
    context = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
    expected = gqa.W_O(context.transpose(1, 2).reshape(2, 7, 32))
    _check(
        gqa(x, causal=True),
        expected,
        "causal output differs from F.scaled_dot_product_attention(enable_gqa=True)",
    )


def test_one_kv_head_is_multi_query_attention():
    torch.manual_seed(3)
    gqa = GroupedQueryAttention(24, num_heads=4, num_kv_heads=1)
    x = torch.randn(1, 5, 24)
    _check(gqa(x), _reference(gqa, x, 4, 1), "with one kv head every query head reads the same k and v")


def test_as_many_kv_heads_as_query_heads_is_multi_head_attention():
    torch.manual_seed(4)
    gqa = GroupedQueryAttention(32, num_heads=4, num_kv_heads=4)
    mha = nn.MultiheadAttention(32, 4, bias=False, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([gqa.W_Q.weight, gqa.W_K.weight, gqa.W_V.weight]))
        mha.out_proj.weight.copy_(gqa.W_O.weight)
    x = torch.randn(2, 5, 32)
    expected, _ = mha(x, x, x, need_weights=False)
    _check(gqa(x), expected, "with num_kv_heads == num_heads the layer must equal nn.MultiheadAttention")
