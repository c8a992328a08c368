import math

import torch
from exercise import cross_entropy, cross_entropy_grad, perplexity


def test_uniform_logits_cost_log_c():
    torch.manual_seed(0)
    logits, targets = torch.zeros(3, 5), torch.tensor([0, 2, 4])
    assert math.isclose(cross_entropy(logits, targets).item(), math.log(5), rel_tol=1e-6)


def test_gradient_shape_and_rows_sum_to_zero():
    torch.manual_seed(0)
    logits, targets = torch.randn(4, 3), torch.tensor([0, 1, 2, 1])
    g = cross_entropy_grad(logits, targets)
    assert g.shape == (4, 3)
    torch.testing.assert_close(g.sum(dim=1), torch.zeros(4), atol=1e-6, rtol=0)


def test_uniform_perplexity_is_the_number_of_classes():
    torch.manual_seed(0)
    logits, targets = torch.zeros(2, 7), torch.tensor([1, 6])
    assert math.isclose(perplexity(logits, targets).item(), 7.0, rel_tol=1e-5)
