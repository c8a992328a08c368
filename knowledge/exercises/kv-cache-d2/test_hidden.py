import torch
import torch.nn.functional as F
from exercise import CausalSelfAttention, KVCache

D, H = 16, 2


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _setup(seed, b=2, t=7):
    torch.manual_seed(seed)
    return CausalSelfAttention(D, H), torch.randn(b, t, D)


def test_full_forward_matches_torch_causal_attention():
    attn, x = _setup(0)
    split = lambda y: y.view(2, 7, H, D // H).transpose(1, 2)  # noqa: E731
    context = F.scaled_dot_product_attention(
        split(attn.W_Q(x)), split(attn.W_K(x)), split(attn.W_V(x)), is_causal=True
    )
    _check(
        attn(x),
        attn.W_O(context.transpose(1, 2).reshape(2, 7, D)),
        "no-cache forward is not causal attention",
    )


def test_prefill_then_one_token_at_a_time_equals_full_recomputation():
    attn, x = _setup(1)
    full = attn(x)
    cache = KVCache()
    outs = [attn(x[:, :3], cache)]
    for t in range(3, 7):
        outs.append(attn(x[:, t : t + 1], cache))
    _check(
        torch.cat(outs, dim=1), full, "decoding with the cache must give the outputs of a full forward pass"
    )


def test_decoding_from_an_empty_cache_equals_full_recomputation():
    attn, x = _setup(2, b=1, t=5)
    cache = KVCache()
    outs = [attn(x[:, t : t + 1], cache) for t in range(5)]
    _check(torch.cat(outs, dim=1), attn(x), "token-by-token decoding from an empty cache")


def test_cache_grows_by_one_position_per_decoded_token():
    attn, x = _setup(3)
    cache = KVCache()
    attn(x[:, :3], cache)
    assert len(cache) == 3
    for t in range(3, 7):
        attn(x[:, t : t + 1], cache)
        assert len(cache) == t + 1, (
            f"after decoding position {t} the cache should hold {t + 1}, holds {len(cache)}"
        )
        assert cache.k.shape == (2, H, t + 1, D // H), f"cache.k is {tuple(cache.k.shape)}"


def test_cache_holds_the_projected_keys_and_values_of_every_position():
    attn, x = _setup(4)
    cache = KVCache()
    attn(x[:, :4], cache)
    attn(x[:, 4:5], cache)
    split = lambda y: y.view(2, 5, H, D // H).transpose(1, 2)  # noqa: E731
    _check(cache.k, split(attn.W_K(x[:, :5])), "cache.k should be W_K(x) split into heads, in position order")
    _check(cache.v, split(attn.W_V(x[:, :5])), "cache.v should be W_V(x) split into heads, in position order")


def test_a_chunk_of_several_tokens_after_a_prefix():
    attn, x = _setup(5)
    cache = KVCache()
    first = attn(x[:, :4], cache)
    second = attn(x[:, 4:], cache)
    _check(
        torch.cat([first, second], dim=1), attn(x), "a 3-token chunk after a 4-token prefix must stay causal"
    )
