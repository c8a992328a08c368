import torch
from exercise import causal_attention, causal_mask


def test_square_mask_is_lower_triangular():
    expected = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]], dtype=torch.bool)
    assert torch.equal(causal_mask(3), expected), f"got\n{causal_mask(3)}"


def test_shapes_and_no_weight_on_the_future():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 5, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)
    out, weights = causal_attention(q, k, v)
    assert out.shape == (2, 5, 8) and weights.shape == (2, 5, 5)
    future = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)
    assert weights[:, future].abs().max() < 1e-6, "a query put weight on a later key"
