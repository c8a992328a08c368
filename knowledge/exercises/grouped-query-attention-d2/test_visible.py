import torch
from exercise import GroupedQueryAttention, repeat_kv


def test_shapes():
    torch.manual_seed(0)
    gqa = GroupedQueryAttention(d_model=32, num_heads=8, num_kv_heads=2)
    assert gqa.W_K.weight.shape == (8, 32), "W_K maps d_model to num_kv_heads * head_dim = 2 * 4"
    x = torch.randn(2, 5, 32)
    assert gqa(x).shape == (2, 5, 32)


def test_repeat_kv_shape():
    torch.manual_seed(0)
    kv = torch.randn(2, 3, 5, 4)
    assert repeat_kv(kv, 4).shape == (2, 12, 5, 4)
