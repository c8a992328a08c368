import torch
from exercise import adam_step


def test_first_step_moves_each_parameter_by_about_lr():
    torch.manual_seed(0)
    p, g = torch.zeros(3), torch.tensor([0.001, -5.0, 200.0])
    new_p, m, v = adam_step(p, g, torch.zeros(3), torch.zeros(3), t=1, lr=0.01)
    torch.testing.assert_close(new_p, torch.tensor([-0.01, 0.01, -0.01]), atol=1e-6, rtol=1e-4)
    torch.testing.assert_close(m, 0.1 * g)
    torch.testing.assert_close(v, 0.001 * g * g)


def test_shapes_are_kept():
    torch.manual_seed(0)
    p, g = torch.randn(2, 4), torch.randn(2, 4)
    out = adam_step(p, g, torch.zeros(2, 4), torch.zeros(2, 4), t=1, lr=1e-3)
    assert [tuple(x.shape) for x in out] == [(2, 4)] * 3
