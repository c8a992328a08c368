import torch
import torch.nn as nn
from exercise import LayerNorm, RMSNorm


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _randomise(*modules):
    """Give both modules the same non-trivial weight (and bias)."""
    torch.manual_seed(123)
    weight = torch.randn(modules[0].weight.shape)
    bias = torch.randn(modules[0].weight.shape)
    with torch.no_grad():
        for m in modules:
            m.weight.copy_(weight)
            if getattr(m, "bias", None) is not None:
                m.bias.copy_(bias)


def test_layer_norm_matches_torch():
    torch.manual_seed(0)
    ours, ref = LayerNorm(16), nn.LayerNorm(16)
    _randomise(ours, ref)
    x = torch.randn(3, 5, 16) * 4 - 1
    _check(ours(x), ref(x), "LayerNorm differs from nn.LayerNorm")


def test_layer_norm_uses_the_biased_variance():
    torch.manual_seed(1)
    x = torch.randn(6, 8)  # few features, so n versus n - 1 shows
    _check(LayerNorm(8)(x), nn.LayerNorm(8)(x), "divide by n, not n - 1 (x.var(unbiased=False))")


def test_layer_norm_puts_eps_inside_the_square_root():
    torch.manual_seed(2)
    x = torch.randn(4, 16) * 1e-3  # variance close to eps
    _check(
        LayerNorm(16, eps=1e-5)(x), nn.LayerNorm(16, eps=1e-5)(x), "use sqrt(var + eps), not sqrt(var) + eps"
    )


def test_rms_norm_matches_torch():
    torch.manual_seed(3)
    ours, ref = RMSNorm(16, eps=1e-6), nn.RMSNorm(16, eps=1e-6)
    _randomise(ours, ref)
    x = torch.randn(3, 5, 16) * 2
    _check(ours(x), ref(x), "RMSNorm differs from nn.RMSNorm")


def test_rms_norm_does_not_subtract_the_mean():
    torch.manual_seed(4)
    x = torch.randn(4, 16) + 3.0  # a large mean makes mean subtraction visible
    expected = x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)
    _check(RMSNorm(16)(x), expected, "RMSNorm divides by the root mean square of x itself, with no centring")


def test_rms_norm_puts_eps_inside_the_square_root():
    torch.manual_seed(5)
    x = torch.randn(4, 16) * 1e-3
    _check(RMSNorm(16, eps=1e-5)(x), nn.RMSNorm(16, eps=1e-5)(x), "use sqrt(mean(x^2) + eps)")


def test_gradients_reach_weight_and_bias():
    torch.manual_seed(6)
    ln, rms = LayerNorm(8), RMSNorm(8)
    x = torch.randn(5, 8)
    (ln(x).pow(3).sum() + rms(x).pow(3).sum()).backward()
    for name, p in [
        ("LayerNorm.weight", ln.weight),
        ("LayerNorm.bias", ln.bias),
        ("RMSNorm.weight", rms.weight),
    ]:
        assert p.grad is not None and p.grad.abs().sum() > 0, (
            f"{name} got no gradient; is it used in forward?"
        )
