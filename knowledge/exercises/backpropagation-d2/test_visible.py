import torch
from exercise import backward, loss_fn


def _setup():
    torch.manual_seed(0)
    params = {
        "W1": torch.randn(5, 3, dtype=torch.float64),
        "b1": torch.randn(5, dtype=torch.float64),
        "W2": torch.randn(4, 5, dtype=torch.float64),
        "b2": torch.randn(4, dtype=torch.float64),
    }
    return torch.randn(6, 3, dtype=torch.float64), torch.tensor([0, 1, 2, 3, 0, 1]), params


def test_loss_is_a_positive_scalar():
    x, target, params = _setup()
    loss = loss_fn(x, target, params)
    assert loss.dim() == 0 and loss.item() > 0


def test_backward_returns_one_gradient_per_parameter_with_its_shape():
    x, target, params = _setup()
    grads = backward(x, target, params)
    assert set(grads) == set(params)
    for name, p in params.items():
        assert grads[name].shape == p.shape, f"d{name} is {tuple(grads[name].shape)}"
