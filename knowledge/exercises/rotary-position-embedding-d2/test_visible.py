import torch
from exercise import apply_rope, rope_frequencies


def test_shapes():
    torch.manual_seed(0)
    x = torch.randn(2, 3, 5, 8)  # (batch, heads, seq, head_dim)
    out = apply_rope(x, torch.arange(5))
    assert out.shape == x.shape, f"shape is {tuple(out.shape)}, expected {tuple(x.shape)}"
    assert rope_frequencies(8).shape == (4,)


def test_position_zero_is_not_rotated():
    torch.manual_seed(0)
    x = torch.randn(4, 1, 16)
    torch.testing.assert_close(apply_rope(x, torch.tensor([0])), x)
