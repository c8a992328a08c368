import torch
from exercise import SelfAttention


def test_shapes():
    torch.manual_seed(0)
    layer = SelfAttention(8)
    out, weights = layer(torch.randn(2, 5, 8))
    assert out.shape == (2, 5, 8), f"output is {tuple(out.shape)}, expected (2, 5, 8)"
    assert weights.shape == (2, 5, 5), "one row of weights per token, over every token of the same sequence"
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 5))


def test_reordering_the_tokens_reorders_the_outputs():
    torch.manual_seed(0)
    layer = SelfAttention(8)
    x = torch.randn(1, 4, 8)
    assert layer.equivariance_error(x, [3, 1, 0, 2]) < 1e-5
