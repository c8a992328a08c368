import torch
import torch.nn as nn
from exercise import SelfAttention

D = 8


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _pair(seed):
    """The learner's layer and nn.MultiheadAttention with one head, holding the same weights."""
    torch.manual_seed(seed)
    layer = SelfAttention(D)
    s = layer.state_dict()
    ref = nn.MultiheadAttention(D, 1, batch_first=True)
    ref.load_state_dict(
        {
            "in_proj_weight": torch.cat([s["W_Q.weight"], s["W_K.weight"], s["W_V.weight"]]),
            "in_proj_bias": torch.cat([s["W_Q.bias"], s["W_K.bias"], s["W_V.bias"]]),
            "out_proj.weight": s["W_O.weight"],
            "out_proj.bias": s["W_O.bias"],
        }
    )
    return layer, ref


def test_matches_torch_multihead_attention_with_one_head():
    layer, ref = _pair(1)
    x = torch.randn(2, 6, D)
    out, weights = layer(x)
    ref_out, ref_weights = ref(x, x, x, need_weights=True)
    _check(
        weights,
        ref_weights,
        "weights differ from nn.MultiheadAttention(num_heads=1): score W_Q x against W_K x",
    )
    _check(out, ref_out, "output differs from nn.MultiheadAttention(num_heads=1): mix W_V x, then apply W_O")


def test_positions_are_added_before_the_projections():
    layer, ref = _pair(2)
    x, pos = torch.randn(2, 5, D), torch.randn(5, D)
    out, _ = layer(x, pos)
    ref_out, _ = ref(x + pos, x + pos, x + pos)
    _check(out, ref_out, "with pos, the layer should attend over x + pos")


def test_without_positions_the_layer_is_permutation_equivariant():
    layer, _ = _pair(3)
    x = torch.randn(2, 7, D)
    for perm in ([6, 5, 4, 3, 2, 1, 0], [1, 0, 2, 3, 4, 6, 5], [3, 6, 0, 2, 5, 1, 4]):
        error = layer.equivariance_error(x, perm)
        assert isinstance(error, float), "equivariance_error returns a Python float (use .item())"
        assert error < 1e-5, f"reordering the tokens by {perm} should only reorder the outputs; error {error}"


def test_positions_break_the_equivariance():
    layer, _ = _pair(4)
    x, pos = torch.randn(2, 7, D), torch.randn(7, D)
    perm = [3, 6, 0, 2, 5, 1, 4]
    out, _ = layer(x, pos)
    out_perm, _ = layer(x[:, perm], pos)
    gap = (out_perm - out[:, perm]).abs().max().item()
    assert gap > 1e-2, "with position vectors, reordering the tokens must change more than the order"
    _check(
        torch.tensor(layer.equivariance_error(x, perm, pos)),
        torch.tensor(gap),
        "equivariance_error with pos should measure the same gap",
    )
