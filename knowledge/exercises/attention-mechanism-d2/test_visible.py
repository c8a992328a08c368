import torch
from exercise import AdditiveAttention, dot_product_attention


def test_additive_attention_shapes_and_weights():
    torch.manual_seed(0)
    attn = AdditiveAttention(query_dim=6, key_dim=4, attn_dim=5)
    query, keys, values = torch.randn(2, 6), torch.randn(2, 7, 4), torch.randn(2, 7, 3)
    context, weights = attn(query, keys, values)
    assert context.shape == (2, 3) and weights.shape == (2, 7)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2))


def test_dot_product_attention_by_hand():
    torch.manual_seed(0)
    query = torch.tensor([[1.0, 0.0]])
    keys = torch.tensor([[[2.0, 0.0], [0.0, 2.0]]])  # scores 2 and 0
    values = torch.tensor([[[1.0], [0.0]]])
    context, weights = dot_product_attention(query, keys, values)
    w = torch.sigmoid(torch.tensor(2.0))  # e^2 / (e^2 + e^0)
    torch.testing.assert_close(weights, torch.stack([w, 1 - w]).view(1, 2))
    torch.testing.assert_close(context, w.view(1, 1))
