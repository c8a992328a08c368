import torch
from exercise import softmax, softmax_backward, softmax_jacobian


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_matches_torch_along_any_dim():
    torch.manual_seed(0)
    x = torch.randn(2, 3, 4)
    for dim in (0, 1, -1):
        _check(
            softmax(x, dim=dim),
            torch.softmax(x, dim=dim),
            f"softmax along dim={dim} differs from torch.softmax",
        )


def test_large_logits_stay_finite():
    torch.manual_seed(1)
    x = torch.randn(4, 5) * 10 + 500
    p = softmax(x)
    assert torch.isfinite(p).all(), "logits near 500 gave inf or nan: subtract the max along dim before exp"
    _check(p, torch.softmax(x, dim=-1), "softmax of large logits differs from torch.softmax")


def test_temperature_divides_the_logits():
    torch.manual_seed(2)
    x = torch.randn(3, 6)
    for t in (0.5, 2.0):
        _check(
            softmax(x, temperature=t), torch.softmax(x / t, dim=-1), f"temperature {t}: use softmax(x / T)"
        )
    sharp, flat = softmax(x, temperature=0.1), softmax(x, temperature=10.0)
    assert (sharp.amax(-1) > flat.amax(-1)).all(), "a low temperature should make the distribution sharper"


def test_jacobian_matches_autograd():
    torch.manual_seed(3)
    z = torch.randn(5)
    expected = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=-1), z)
    _check(
        softmax_jacobian(z),
        expected,
        "the Jacobian is diag(p) − p pᵀ: off the diagonal, ∂p_i/∂z_j = −p_i p_j, not 0",
    )


def test_backward_matches_autograd():
    torch.manual_seed(4)
    z = torch.randn(2, 3, 7, requires_grad=True)
    g = torch.randn(2, 3, 7)
    p = torch.softmax(z, dim=-1)
    (expected,) = torch.autograd.grad(p, z, grad_outputs=g)
    _check(
        softmax_backward(p.detach(), g), expected, "softmax_backward differs from autograd: p ⊙ (g − Σ g p)"
    )
