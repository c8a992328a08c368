import math

import torch
from exercise import gaussian_nll, mse_loss, nll_loss


def test_mse_of_a_small_batch():
    torch.manual_seed(0)
    pred, target = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 6.0])
    assert math.isclose(mse_loss(pred, target).item(), (0 + 4 + 9) / 3, rel_tol=1e-6)


def test_gaussian_nll_at_the_mean_with_unit_std():
    torch.manual_seed(0)
    y = torch.zeros(4)
    assert math.isclose(gaussian_nll(y, y, 1.0).item(), 0.5 * math.log(2 * math.pi), rel_tol=1e-6)


def test_nll_of_two_examples():
    torch.manual_seed(0)
    log_probs = torch.log(torch.tensor([[0.5, 0.5], [0.25, 0.75]]))
    got = nll_loss(log_probs, torch.tensor([0, 1])).item()
    assert math.isclose(got, (math.log(2) - math.log(0.75)) / 2, rel_tol=1e-6)
