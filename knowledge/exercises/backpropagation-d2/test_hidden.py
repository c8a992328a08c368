import torch
import torch.nn.functional as F
from exercise import backward, loss_fn, numerical_gradient


def _setup(seed, n=6, d=3, h=5, c=4):
    torch.manual_seed(seed)
    params = {
        "W1": torch.randn(h, d, dtype=torch.float64),
        "b1": torch.randn(h, dtype=torch.float64),
        "W2": torch.randn(c, h, dtype=torch.float64),
        "b2": torch.randn(c, dtype=torch.float64),
    }
    return torch.randn(n, d, dtype=torch.float64), torch.randint(0, c, (n,)), params


def _autograd(x, target, params):
    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    h = torch.relu(x @ leaves["W1"].T + leaves["b1"])
    loss = F.cross_entropy(h @ leaves["W2"].T + leaves["b2"], target)
    loss.backward()
    return loss.detach(), {k: v.grad for k, v in leaves.items()}


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-7, rtol=1e-6, msg=lambda m: f"{what}\n{m}")


def test_loss_matches_cross_entropy():
    x, target, params = _setup(1)
    expected, _ = _autograd(x, target, params)
    _check(loss_fn(x, target, params), expected, "loss differs from F.cross_entropy (a mean over the batch)")


def test_backward_matches_autograd():
    for seed, n in [(2, 6), (3, 11)]:
        x, target, params = _setup(seed, n=n)
        _, expected = _autograd(x, target, params)
        grads = backward(x, target, params)
        for name in ("b2", "W2", "b1", "W1"):
            _check(
                grads[name],
                expected[name],
                f"d{name} differs from autograd with a batch of {n}; is dL/dlogits divided by N, "
                "and does relu block the gradient where z <= 0?",
            )


def test_backward_blocks_the_gradient_of_dead_units():
    x, target, params = _setup(4)
    params["b1"][0] = -100.0  # unit 0 is negative for every example
    grads = backward(x, target, params)
    assert grads["W1"][0].abs().max() == 0 and grads["b1"][0] == 0, (
        "hidden unit 0 is never active (z < 0 everywhere), so its weights must get zero gradient"
    )


def test_numerical_gradient_matches_autograd():
    x, target, params = _setup(5)
    _, expected = _autograd(x, target, params)
    for name in ("W1", "b2"):
        _check(
            numerical_gradient(x, target, params, name),
            expected[name],
            f"numerical d{name} differs from autograd: use (L(p + eps) - L(p - eps)) / (2 eps)",
        )


def test_numerical_gradient_leaves_the_parameters_unchanged():
    x, target, params = _setup(6)
    before = {k: v.clone() for k, v in params.items()}
    numerical_gradient(x, target, params, "W2")
    for name in params:
        assert torch.equal(params[name], before[name]), f"numerical_gradient changed params[{name!r}]"
