import torch
from exercise import CausalSelfAttention, KVCache


def test_shapes_with_and_without_a_cache():
    torch.manual_seed(0)
    attn = CausalSelfAttention(d_model=16, num_heads=2)
    x = torch.randn(2, 5, 16)
    assert attn(x).shape == (2, 5, 16)
    cache = KVCache()
    assert attn(x, cache).shape == (2, 5, 16)
    assert len(cache) == 5, f"after a 5-token prefill the cache holds {len(cache)} positions"
    assert attn(torch.randn(2, 1, 16), cache).shape == (2, 1, 16)
    assert len(cache) == 6, "one decoded token adds exactly one position"
