import torch
from exercise import dead_units, relu, relu_grad, sigmoid, sigmoid_grad, stack_gradient, tanh, tanh_grad


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-6, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _autograd(fn, x):
    x = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(fn(x).sum(), x)
    return g


def test_activations_match_torch():
    torch.manual_seed(0)
    x = torch.randn(50) * 4
    _check(sigmoid(x), torch.sigmoid(x), "sigmoid differs from torch.sigmoid")
    _check(tanh(x), torch.tanh(x), "tanh differs from torch.tanh")
    _check(relu(x), torch.relu(x), "relu differs from torch.relu")


def test_sigmoid_grad_matches_autograd():
    torch.manual_seed(1)
    x = torch.randn(50) * 3
    _check(sigmoid_grad(x), _autograd(torch.sigmoid, x), "σ'(x) = σ(x)(1 − σ(x)): apply it to σ(x), not to x")


def test_tanh_grad_matches_autograd():
    torch.manual_seed(2)
    x = torch.randn(50) * 2
    _check(tanh_grad(x), _autograd(torch.tanh, x), "tanh'(x) = 1 − tanh(x)², with the square")


def test_relu_grad_matches_autograd_including_zero():
    torch.manual_seed(3)
    x = torch.cat([torch.randn(20), torch.zeros(3)])
    _check(relu_grad(x), _autograd(torch.relu, x), "relu'(x) is 1 for x > 0 and 0 otherwise (0 at x = 0)")


def test_saturated_units_pass_almost_no_gradient():
    torch.manual_seed(4)
    big = torch.tensor([-12.0, 12.0])
    assert (sigmoid_grad(big) < 1e-4).all() and (tanh_grad(big) < 1e-4).all(), (
        "at |x| = 12 sigmoid and tanh are flat: their derivatives should be nearly 0"
    )


def test_stack_gradient_matches_autograd():
    torch.manual_seed(5)
    x = torch.randn(10) * 2
    for kind, fn in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu)):

        def stacked(v, fn=fn):
            for _ in range(4):
                v = fn(v)
            return v

        _check(
            stack_gradient(x, kind, 4),
            _autograd(stacked, x),
            f"{kind} × 4: multiply f' evaluated at each layer's own input (the previous layer's output)",
        )


def test_ten_sigmoids_vanish():
    torch.manual_seed(6)
    g = stack_gradient(torch.randn(100), "sigmoid", 10)
    assert (g <= 0.25**10 + 1e-12).all(), "each sigmoid contributes a factor of at most 0.25"


def test_dead_units_need_zero_output_on_every_row():
    torch.manual_seed(7)
    X = torch.randn(16, 4)
    W = torch.randn(5, 4)
    b = torch.tensor([-50.0, 0.0, 50.0, -1.0, 0.5])
    dead = dead_units(X, W, b)
    pre = X @ W.T + b
    assert dead.dtype == torch.bool and dead.shape == (5,), (
        f"expected a (5,) bool tensor, got {dead.dtype} {tuple(dead.shape)}"
    )
    assert dead.tolist() == (pre <= 0).all(dim=0).tolist(), (
        "a unit is dead only if its output is 0 on every row; a unit that is 0 on some rows still learns"
    )
    Wg = W.clone().requires_grad_(True)
    torch.relu(X @ Wg.T + b).sum().backward()
    assert (Wg.grad[dead] == 0).all(), "dead units should be exactly those whose weights get no gradient"
    assert (Wg.grad[~dead].abs().sum(dim=1) > 0).all(), "live units' weights do get a gradient"
