import torch
import torch.nn.functional as F
from exercise import mean_max_weight, scaled_dot_product_attention


def test_matches_torch_without_a_mask():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 4, 8), torch.randn(2, 6, 8), torch.randn(2, 6, 3)
    out, weights = scaled_dot_product_attention(q, k, v)
    assert out.shape == (2, 4, 3) and weights.shape == (2, 4, 6)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v))


def test_causal_first_query_sees_only_the_first_key():
    torch.manual_seed(0)
    q, k, v = torch.randn(1, 3, 4), torch.randn(1, 3, 4), torch.randn(1, 3, 2)
    _, weights = scaled_dot_product_attention(q, k, v, is_causal=True)
    torch.testing.assert_close(weights[0, 0], torch.tensor([1.0, 0.0, 0.0]))


def test_mean_max_weight_is_a_number_between_zero_and_one():
    torch.manual_seed(0)
    value = mean_max_weight(torch.randn(8, 16), torch.randn(10, 16))
    assert isinstance(value, float) and 0.1 <= value <= 1.0  # at least 1/10 with 10 keys
