import torch
import torch.nn.functional as F
from exercise import gaussian_nll, mse_loss, nll_loss
from torch.distributions import Normal


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_mse_reductions_match_torch():
    torch.manual_seed(0)
    pred, target = torch.randn(4, 3), torch.randn(4, 3)
    for reduction in ("none", "sum", "mean"):
        got = mse_loss(pred, target, reduction=reduction)
        _check(
            got,
            F.mse_loss(pred, target, reduction=reduction),
            f"reduction={reduction!r} differs from F.mse_loss: 'none' keeps every squared error, 'sum' adds them, 'mean' averages them",
        )


def test_gaussian_nll_matches_normal_log_prob():
    torch.manual_seed(1)
    mean, target = torch.randn(5, 2), torch.randn(5, 2)
    for std in (0.5, 2.0):
        _check(
            gaussian_nll(mean, target, std),
            -Normal(mean, std).log_prob(target).mean(),
            f"std={std}: the NLL is ½ log(2π σ²) + (y − μ)² / (2σ²), with σ² the square of std",
        )


def test_gaussian_nll_with_a_std_per_element():
    torch.manual_seed(2)
    mean, target = torch.randn(6), torch.randn(6)
    std = torch.rand(6) + 0.3
    _check(gaussian_nll(mean, target, std), -Normal(mean, std).log_prob(target).mean(), "a std per element")


def test_gaussian_nll_and_mse_share_a_minimiser():
    torch.manual_seed(3)
    target = torch.randn(8)
    a, b = target + 0.1, target - 0.3
    assert (gaussian_nll(a, target, 1.0) < gaussian_nll(b, target, 1.0)) == (
        mse_loss(a, target) < mse_loss(b, target)
    )


def test_nll_matches_torch():
    torch.manual_seed(4)
    log_probs, targets = torch.log_softmax(torch.randn(7, 5), dim=-1), torch.randint(0, 5, (7,))
    _check(nll_loss(log_probs, targets), F.nll_loss(log_probs, targets), "nll_loss differs from F.nll_loss")


def test_nll_mean_skips_padding():
    torch.manual_seed(5)
    log_probs = torch.log_softmax(torch.randn(6, 4), dim=-1)
    targets = torch.tensor([1, 3, -100, 0, -100, -100])
    got = nll_loss(log_probs, targets)
    assert torch.isfinite(got), "padding targets (-100) must be skipped, not gathered"
    _check(
        got,
        F.nll_loss(log_probs, targets, ignore_index=-100),
        "the mean is over the 3 real targets: dividing by all 6 positions shrinks the loss with the padding",
    )
    _check(
        nll_loss(log_probs, targets.masked_fill(targets == -100, 2), ignore_index=2),
        F.nll_loss(log_probs, targets.masked_fill(targets == -100, 2), ignore_index=2),
        "use the ignore_index given",
    )
