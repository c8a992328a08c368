import torch
from exercise import MultiHeadAttention


def test_output_and_weight_shapes():
    torch.manual_seed(0)
    mha = MultiHeadAttention(d_model=32, num_heads=4)
    x = torch.randn(2, 5, 32)
    out, weights = mha(x, x, x)
    assert out.shape == (2, 5, 32), f"output is {tuple(out.shape)}, expected (2, 5, 32)"
    assert weights.shape == (2, 4, 5, 5), f"weights are {tuple(weights.shape)}, expected (2, 4, 5, 5)"


def test_split_heads_shape():
    torch.manual_seed(0)
    mha = MultiHeadAttention(d_model=32, num_heads=4)
    x = torch.randn(2, 5, 32)
    assert mha.split_heads(x, 2).shape == (2, 4, 5, 8)


def test_each_row_of_weights_sums_to_one():
    torch.manual_seed(0)
    mha = MultiHeadAttention(d_model=32, num_heads=4)
    x = torch.randn(2, 5, 32)
    _, weights = mha(x, x, x)
    assert (weights >= 0).all(), "attention weights must be non-negative"
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 4, 5))
