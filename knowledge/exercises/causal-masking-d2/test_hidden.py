import torch
import torch.nn.functional as F
from exercise import causal_attention, causal_mask


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_mask_with_a_prefix_is_aligned_to_the_last_key():
    expected = torch.tensor([[1, 1, 1, 0], [1, 1, 1, 1]], dtype=torch.bool)
    got = causal_mask(2, 4)
    assert torch.equal(got, expected), f"causal_mask(2, 4) should be\n{expected}\ngot\n{got}"
    assert causal_mask(1, 6).all(), "one new token may see the whole prefix and itself"


def test_future_keys_and_values_do_not_leak():
    torch.manual_seed(0)
    q, k, v = torch.randn(1, 8, 4), torch.randn(1, 8, 4), torch.randn(1, 8, 4)
    out, _ = causal_attention(q, k, v)
    for t in range(7):
        k2, v2 = k.clone(), v.clone()
        k2[:, t + 1 :] = torch.randn_like(k2[:, t + 1 :]) * 5
        v2[:, t + 1 :] = torch.randn_like(v2[:, t + 1 :]) * 5
        out2, _ = causal_attention(q, k2, v2)
        _check(
            out2[:, : t + 1],
            out[:, : t + 1],
            f"changing keys/values after position {t} changed outputs up to {t}",
        )


def test_matches_torch_is_causal():
    torch.manual_seed(1)
    q, k, v = torch.randn(2, 3, 6, 8), torch.randn(2, 3, 6, 8), torch.randn(2, 3, 6, 8)
    out, _ = causal_attention(q, k, v)
    _check(out, F.scaled_dot_product_attention(q, k, v, is_causal=True), "output differs from is_causal=True")


def test_mask_is_applied_before_the_softmax():
    torch.manual_seed(2)
    q, k, v = torch.randn(2, 5, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)
    _, weights = causal_attention(q, k, v)
    _check(
        weights.sum(-1), torch.ones(2, 5), "rows must still sum to 1: mask the scores, not the probabilities"
    )


def test_first_position_only_sees_itself():
    torch.manual_seed(3)
    q, k, v = torch.randn(1, 4, 8), torch.randn(1, 4, 8), torch.randn(1, 4, 8)
    out, _ = causal_attention(q, k, v)
    _check(out[:, 0], v[:, 0], "the first query can only attend to the first key")


def test_queries_after_a_prefix_match_torch():
    torch.manual_seed(4)
    q, k, v = torch.randn(2, 3, 8), torch.randn(2, 7, 8), torch.randn(2, 7, 8)
    out, weights = causal_attention(q, k, v)
    allowed = torch.ones(3, 7, dtype=torch.bool).tril(diagonal=4)
    assert weights[:, ~allowed].abs().max() < 1e-6, "a query after the prefix saw a later key"
    _check(
        out, F.scaled_dot_product_attention(q, k, v, attn_mask=allowed), "prefix output differs from torch"
    )
