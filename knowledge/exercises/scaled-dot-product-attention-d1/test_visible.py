import torch
from exercise import scaled_dot_product_attention


def test_shapes():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 4, 8), torch.randn(2, 6, 8), torch.randn(2, 6, 3)
    out, weights = scaled_dot_product_attention(q, k, v)
    assert out.shape == (2, 4, 3), f"output is {tuple(out.shape)}, expected (2, 4, 3)"
    assert weights.shape == (2, 4, 6), f"weights are {tuple(weights.shape)}, expected (2, 4, 6)"


def test_one_key_returns_its_value():
    torch.manual_seed(0)
    q, k, v = torch.randn(1, 3, 4), torch.randn(1, 1, 4), torch.randn(1, 1, 5)
    out, _ = scaled_dot_product_attention(q, k, v)
    # with a single key, every query must put all its weight on it
    torch.testing.assert_close(out, v.expand(1, 3, 5))
