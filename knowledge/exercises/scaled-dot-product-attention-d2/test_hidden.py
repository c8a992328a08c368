import torch
import torch.nn.functional as F
from exercise import mean_max_weight, scaled_dot_product_attention


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _qkv(seed, L=5, S=7, d=8):
    torch.manual_seed(seed)
    return torch.randn(2, 3, L, d), torch.randn(2, 3, S, d), torch.randn(2, 3, S, 4)


def test_boolean_mask_blocks_keys():
    q, k, v = _qkv(1)
    mask = torch.rand(2, 3, 5, 7) > 0.5
    mask[..., 0] = True
    out, weights = scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert weights[~mask].abs().max() < 1e-7, (
        "a blocked key got weight: its score must be -inf before the softmax (a score of 0 is not blocked)"
    )
    _check(
        out, F.scaled_dot_product_attention(q, k, v, attn_mask=mask), "bool-masked output differs from torch"
    )


def test_float_mask_is_added_to_the_scores():
    q, k, v = _qkv(2)
    bias = torch.randn(5, 7)  # a bias such as ALiBi: it shifts scores, it does not block them
    out, weights = scaled_dot_product_attention(q, k, v, attn_mask=bias)
    expected = torch.softmax(q @ k.transpose(-2, -1) / 8**0.5 + bias, dim=-1)
    _check(weights, expected, "a float mask is added to the scores; it is not a keep/block mask")
    _check(
        out, F.scaled_dot_product_attention(q, k, v, attn_mask=bias), "float-masked output differs from torch"
    )


def test_float_mask_with_minus_infinity_blocks():
    q, k, v = _qkv(3)
    bias = torch.zeros(5, 7)
    bias[:, 4:] = float("-inf")
    out, weights = scaled_dot_product_attention(q, k, v, attn_mask=bias)
    assert weights[..., 4:].abs().max() < 1e-7
    _check(
        out, F.scaled_dot_product_attention(q, k, v, attn_mask=bias), "output with a -inf float mask differs"
    )


def test_is_causal_matches_torch():
    q, k, v = _qkv(4, L=6, S=6)
    out, weights = scaled_dot_product_attention(q, k, v, is_causal=True)
    assert weights[..., torch.ones(6, 6).triu(1).bool()].abs().max() < 1e-7, "a query attended to a later key"
    _check(out, F.scaled_dot_product_attention(q, k, v, is_causal=True), "causal output differs from torch")


def test_an_explicit_scale_replaces_one_over_sqrt_d():
    q, k, v = _qkv(5)
    for scale in (1.0, 0.05):
        out, _ = scaled_dot_product_attention(q, k, v, scale=scale)
        _check(
            out,
            F.scaled_dot_product_attention(q, k, v, scale=scale),
            f"with scale={scale} the output differs",
        )


def test_without_the_scale_the_softmax_saturates_as_d_grows():
    torch.manual_seed(6)
    small = mean_max_weight(torch.randn(64, 4), torch.randn(16, 4), scaled=False)
    q, k = torch.randn(64, 512), torch.randn(16, 512)
    unscaled, scaled = mean_max_weight(q, k, scaled=False), mean_max_weight(q, k, scaled=True)
    assert unscaled > 0.85, (
        f"unscaled scores with d = 512 should give almost one-hot rows, got {unscaled:.3f}"
    )
    assert unscaled > small + 0.3, "without scaling, rows get more peaked as d grows"
    assert scaled < 0.5, f"scaled by 1/sqrt(d) the rows should stay spread out with d = 512, got {scaled:.3f}"
