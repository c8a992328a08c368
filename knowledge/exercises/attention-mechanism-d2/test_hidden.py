import torch
import torch.nn.functional as F
from exercise import AdditiveAttention, dot_product_attention


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _padding_mask():
    mask = torch.ones(3, 6, dtype=torch.bool)
    mask[1, 4:] = False  # the second source sentence has 4 real tokens
    mask[2, 2:] = False  # the third has 2
    return mask


def test_additive_scores_follow_the_bahdanau_formula():
    torch.manual_seed(1)
    attn = AdditiveAttention(5, 4, 8)
    state = attn.state_dict()
    query, keys, values = torch.randn(3, 5) * 2, torch.randn(3, 6, 4) * 2, torch.randn(3, 6, 2)
    _, weights = attn(query, keys, values)
    hidden = torch.tanh((query @ state["W_q.weight"].T)[:, None] + keys @ state["W_k.weight"].T)
    expected = torch.softmax((hidden @ state["v.weight"].T).squeeze(-1), dim=-1)
    _check(weights, expected, "weights should be softmax_i(vᵀ tanh(W_q q + W_k k_i)); is the tanh there?")


def test_additive_context_is_the_weighted_sum_of_values():
    torch.manual_seed(2)
    attn = AdditiveAttention(5, 4, 8)
    query, keys, values = torch.randn(3, 5), torch.randn(3, 6, 4), torch.randn(3, 6, 2)
    context, weights = attn(query, keys, values)
    _check(context, torch.einsum("bs,bsd->bd", weights, values), "context should be Σ_i weights_i values_i")


def test_each_sentence_gets_its_own_distribution():
    torch.manual_seed(3)
    attn = AdditiveAttention(5, 4, 8)
    _, weights = attn(torch.randn(3, 5), torch.randn(3, 6, 4), torch.randn(3, 6, 2))
    _check(weights.sum(-1), torch.ones(3), "each sentence's weights must sum to 1 over its source positions")
    _, dot_weights = dot_product_attention(torch.randn(3, 4), torch.randn(3, 6, 4), torch.randn(3, 6, 2))
    _check(dot_weights.sum(-1), torch.ones(3), "dot-product weights must sum to 1 over the source positions")


def test_padding_gets_no_weight():
    torch.manual_seed(4)
    attn, mask = AdditiveAttention(5, 4, 8), _padding_mask()
    query, keys, values = torch.randn(3, 5), torch.randn(3, 6, 4), torch.randn(3, 6, 2)
    context, weights = attn(query, keys, values, mask=mask)
    assert weights[~mask].abs().max() < 1e-7, "padding positions received attention weight"
    _check(weights.sum(-1), torch.ones(3), "with padding, the real tokens' weights must still sum to 1")
    short, _ = attn(query[2:], keys[2:, :2], values[2:, :2])
    _check(context[2:], short, "a padded sentence must give the same context as the sentence without padding")


def test_dot_product_matches_torch_with_scale_one():
    torch.manual_seed(5)
    query, keys, values = torch.randn(3, 4), torch.randn(3, 6, 4), torch.randn(3, 6, 2)
    context, _ = dot_product_attention(query, keys, values)
    expected = F.scaled_dot_product_attention(query[:, None], keys, values, scale=1.0)
    _check(
        context, expected[:, 0], "differs from F.scaled_dot_product_attention(..., scale=1.0): score = q · k"
    )


def test_dot_product_with_padding_matches_torch():
    torch.manual_seed(6)
    query, keys, values, mask = torch.randn(3, 4), torch.randn(3, 6, 4), torch.randn(3, 6, 2), _padding_mask()
    context, weights = dot_product_attention(query, keys, values, mask=mask)
    expected = F.scaled_dot_product_attention(
        query[:, None], keys, values, attn_mask=mask[:, None], scale=1.0
    )
    assert weights[~mask].abs().max() < 1e-7, "padding positions received attention weight"
    _check(
        context, expected[:, 0], "with a padding mask the context differs from F.scaled_dot_product_attention"
    )
