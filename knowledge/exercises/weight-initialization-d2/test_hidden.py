import math

import torch
import torch.nn as nn
from exercise import activation_stds, kaiming_normal, xavier_uniform


def _near(got, expected, what, rel=0.03):
    assert abs(got - expected) < rel * expected, f"{what}: got {got:.5f}, expected {expected:.5f}"


def test_xavier_matches_torch_on_a_non_square_matrix():
    torch.manual_seed(0)
    ours = xavier_uniform(128, 512)
    ref = nn.init.xavier_uniform_(torch.empty(128, 512))
    _near(
        ours.std().item(),
        ref.std().item(),
        "std of xavier_uniform(128, 512) vs nn.init: sqrt(2 / (fan_in + fan_out))",
    )
    bound = math.sqrt(6 / (128 + 512))
    assert ours.abs().max().item() <= bound, (
        f"values beyond the Xavier bound sqrt(6 / (fan_in + fan_out)) = {bound:.4f}"
    )
    assert ours.abs().max().item() > 0.98 * bound, (
        f"largest |w| is {ours.abs().max().item():.4f}, the bound is {bound:.4f}: "
        "U(-a, a) has std a / sqrt(3), so a = sqrt(3) x the target std"
    )


def test_xavier_gain_scales_the_spread():
    torch.manual_seed(1)
    _near(xavier_uniform(256, 256, gain=2.0).std().item(), 2.0 * math.sqrt(2 / 512), "std with gain 2")


def test_kaiming_matches_torch_on_a_non_square_matrix():
    torch.manual_seed(2)
    ours = kaiming_normal(128, 512)
    ref = nn.init.kaiming_normal_(torch.empty(128, 512), nonlinearity="relu")
    _near(
        ours.std().item(),
        ref.std().item(),
        "std of kaiming_normal(128, 512) vs nn.init: sqrt(2 / fan_in), fan_in = 512",
    )
    assert abs(ours.mean().item()) < 0.02 * ref.std().item(), "Kaiming weights must have mean 0"


def test_activation_stds_match_a_direct_computation():
    torch.manual_seed(3)
    weights = [torch.randn(6, 4), torch.randn(3, 6)]
    x = torch.randn(50, 4)
    h1 = torch.relu(x @ weights[0].T)
    h2 = torch.relu(h1 @ weights[1].T)
    got = activation_stds(weights, x)
    expected = [h1.std().item(), h2.std().item()]
    assert all(abs(g - e) < 1e-4 * e for g, e in zip(got, expected, strict=True)), (
        f"got {got}, expected {expected}: x = relu(x @ W.T) for each W, std after each layer"
    )


def test_kaiming_keeps_the_relu_signal_and_xavier_lets_it_fade():
    torch.manual_seed(4)
    x = torch.randn(512, 256)
    kaiming = activation_stds([kaiming_normal(256, 256) for _ in range(10)], x)
    xavier = activation_stds([xavier_uniform(256, 256) for _ in range(10)], x)
    assert 0.5 < kaiming[-1] / kaiming[0] < 2, f"with Kaiming weights the std drifted: {kaiming}"
    assert xavier[-1] / xavier[0] < 0.1, f"with Xavier weights and relu the std should shrink: {xavier}"
