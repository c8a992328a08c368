import torch
from exercise import VanillaRNN, bptt, clip_grad_norm


def test_forward_shapes():
    torch.manual_seed(0)
    outputs, h_n = VanillaRNN(3, 5)(torch.randn(2, 4, 3))
    assert outputs.shape == (2, 4, 5) and h_n.shape == (1, 2, 5)
    torch.testing.assert_close(h_n[0], outputs[:, -1])


def test_bptt_returns_a_gradient_per_weight():
    torch.manual_seed(0)
    weights = {
        "weight_ih_l0": torch.randn(4, 2),
        "weight_hh_l0": torch.randn(4, 4) * 0.5,
        "bias_ih_l0": torch.randn(4),
        "bias_hh_l0": torch.randn(4),
    }
    loss, grads = bptt(torch.randn(3, 2), torch.zeros(4), weights)
    assert loss.item() > 0 and {k: g.shape for k, g in grads.items()} == {
        k: w.shape for k, w in weights.items()
    }


def test_small_gradients_are_not_clipped():
    torch.manual_seed(0)
    grads = {"a": torch.tensor([0.3, 0.4])}
    clipped, total = clip_grad_norm(grads, max_norm=1.0)
    assert abs(total - 0.5) < 1e-6
    torch.testing.assert_close(clipped["a"], grads["a"])
