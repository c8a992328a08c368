import math

import torch
from exercise import entropy, gaussian_mle, kl_divergence, sample_categorical


def test_mle_of_a_tiny_sample():
    torch.manual_seed(0)
    x = torch.tensor([[1.0], [3.0]])
    mu, var = gaussian_mle(x)
    torch.testing.assert_close(mu, torch.tensor([2.0]))
    torch.testing.assert_close(var, torch.tensor([1.0]))  # ((1-2)² + (3-2)²) / 2


def test_entropy_of_a_fair_coin_is_log_2():
    assert math.isclose(entropy(torch.tensor([0.5, 0.5])).item(), math.log(2), rel_tol=1e-6)


def test_kl_of_a_distribution_with_itself_is_zero():
    p = torch.tensor([0.2, 0.3, 0.5])
    assert abs(kl_divergence(p, p).item()) < 1e-6


def test_samples_are_indices():
    s = sample_categorical(torch.tensor([0.1, 0.6, 0.3]), 100, seed=0)
    assert s.shape == (100,) and int(s.min()) >= 0 and int(s.max()) <= 2
