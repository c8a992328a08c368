import torch
from exercise import minimise_quadratic, sgd_momentum_step


def test_first_step_is_plain_sgd():
    torch.manual_seed(0)
    p, g = torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0])
    for nesterov in (False, True):
        new_p, new_v = sgd_momentum_step(p, g, torch.zeros(2), lr=0.1, momentum=0.9, nesterov=nesterov)
        torch.testing.assert_close(new_v, g)
    new_p, _ = sgd_momentum_step(p, g, torch.zeros(2), lr=0.1, momentum=0.9)
    torch.testing.assert_close(new_p, torch.tensor([0.95, 2.1]))


def test_quadratic_values_go_down():
    torch.manual_seed(0)
    A, b = torch.tensor([[2.0, 0.0], [0.0, 1.0]]), torch.tensor([1.0, 1.0])
    values = minimise_quadratic(A, b, torch.zeros(2), lr=0.1, momentum=0.5, nesterov=False, steps=20)
    assert len(values) == 21 and values[0] == 0.0
    assert values[-1] < -0.7  # the minimum is −0.75 at x = (0.5, 1)
