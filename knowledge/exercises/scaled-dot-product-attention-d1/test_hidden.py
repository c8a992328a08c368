import torch
import torch.nn.functional as F
from exercise import scaled_dot_product_attention


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_matches_torch_scaled_dot_product_attention():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 3, 5, 8), torch.randn(2, 3, 7, 8), torch.randn(2, 3, 7, 8)
    out, _ = scaled_dot_product_attention(q, k, v)
    _check(out, F.scaled_dot_product_attention(q, k, v), "output differs from F.scaled_dot_product_attention")


def test_each_query_row_is_a_softmax_over_the_keys():
    torch.manual_seed(1)
    q, k, v = torch.randn(2, 4, 8), torch.randn(2, 9, 8), torch.randn(2, 9, 8)
    _, weights = scaled_dot_product_attention(q, k, v)
    assert weights.shape == (2, 4, 9)
    _check(
        weights.sum(dim=-1),
        torch.ones(2, 4),
        "each query's weights over the keys must sum to 1 (softmax dim=-1)",
    )


def test_weights_use_sqrt_of_the_key_size():
    torch.manual_seed(2)
    q, k, v = torch.randn(1, 4, 16) * 2, torch.randn(1, 6, 16) * 2, torch.randn(1, 6, 3)
    _, weights = scaled_dot_product_attention(q, k, v)
    expected = torch.softmax(q @ k.transpose(-2, -1) / 16**0.5, dim=-1)
    _check(weights, expected, "weights should be softmax(q k^T / sqrt(d)) with d = q.size(-1) = 16")


def test_value_size_may_differ_from_key_size():
    torch.manual_seed(3)
    q, k, v = torch.randn(3, 5, 4), torch.randn(3, 6, 4), torch.randn(3, 6, 10)
    out, _ = scaled_dot_product_attention(q, k, v)
    _check(out, F.scaled_dot_product_attention(q, k, v), "with d_v != d the scale must still come from d")


def test_boolean_mask_matches_torch():
    torch.manual_seed(4)
    q, k, v = torch.randn(2, 5, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)
    mask = torch.rand(2, 5, 5) > 0.4
    mask[..., 0] = True  # every query keeps at least one key
    out, weights = scaled_dot_product_attention(q, k, v, mask=mask)
    assert weights[~mask].abs().max() < 1e-6, "a key with mask False received weight"
    _check(out, F.scaled_dot_product_attention(q, k, v, attn_mask=mask), "masked output differs from torch")
