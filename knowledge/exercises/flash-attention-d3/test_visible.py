import torch
import torch.nn.functional as F
from exercise import tiled_attention


def test_shapes():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 6, 8), torch.randn(2, 12, 8), torch.randn(2, 12, 5)
    out, lse = tiled_attention(q, k, v, block_size=4)
    assert out.shape == (2, 6, 5), f"out is {tuple(out.shape)}, expected (2, 6, 5)"
    assert lse.shape == (2, 6), f"lse is {tuple(lse.shape)}, expected (2, 6)"


def test_equals_exact_attention_when_blocks_divide_the_length():
    torch.manual_seed(0)
    q, k, v = torch.randn(1, 8, 8), torch.randn(1, 8, 8), torch.randn(1, 8, 8)
    out, _ = tiled_attention(q, k, v, block_size=4)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v), atol=1e-5, rtol=1e-4)
