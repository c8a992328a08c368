import math

import torch
from exercise import entropy, gaussian_mle, kl_divergence, sample_categorical
from torch.distributions import Categorical, Normal
from torch.distributions import kl_divergence as torch_kl


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_gaussian_mle_divides_by_n():
    torch.manual_seed(0)
    x = torch.randn(5, 3) * 2 + 1
    mu, var = gaussian_mle(x)
    _check(mu, x.mean(0), "the MLE of the mean is the sample mean of each feature (over dim 0)")
    _check(
        var, x.var(0, unbiased=False), "the MLE of the variance divides by n; n − 1 is the unbiased estimate"
    )


def test_gaussian_mle_maximises_the_likelihood():
    torch.manual_seed(1)
    x = torch.randn(8, 2) * 0.5 - 3
    mu, var = gaussian_mle(x)

    def loglik(m, v):
        return Normal(m, v.sqrt()).log_prob(x).sum()

    best = loglik(mu, var)
    for scale in (0.9, 1.1):
        assert loglik(mu, var * scale) < best, (
            "scaling your variance estimate raised the likelihood: not the MLE"
        )
    assert loglik(mu + 0.05, var) < best, "moving your mean estimate raised the likelihood: not the MLE"


def test_entropy_matches_torch_and_handles_zeros():
    torch.manual_seed(2)
    p = torch.softmax(torch.randn(4, 6), dim=-1)
    _check(entropy(p), Categorical(probs=p).entropy(), "entropy differs from Categorical(probs=p).entropy()")
    h = entropy(torch.tensor([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]))
    assert not torch.isnan(h).any(), "an outcome with probability 0 gave nan: 0 · log 0 must count as 0"
    _check(h, torch.tensor([0.6931472, 0.0]), "zero-probability outcomes add nothing to the entropy")


def test_kl_matches_torch_in_the_right_direction():
    torch.manual_seed(3)
    p = torch.softmax(torch.randn(5, 4), dim=-1)
    q = torch.softmax(torch.randn(5, 4) * 2, dim=-1)
    expected = torch_kl(Categorical(probs=p), Categorical(probs=q))
    _check(
        kl_divergence(p, q),
        expected,
        "KL(p ‖ q) = Σ p log(p / q) is weighted by p; KL(q ‖ p) is another number",
    )
    assert (kl_divergence(p, q) >= -1e-6).all(), "KL divergence is never negative"


def test_kl_ignores_outcomes_that_p_never_produces():
    torch.manual_seed(4)
    p, q = torch.tensor([0.0, 0.5, 0.5]), torch.tensor([0.2, 0.4, 0.4])
    got = kl_divergence(p, q)
    assert not torch.isnan(got), "p_i = 0 gave nan: the term 0 · log(0 / q_i) is 0"
    _check(got, torch.tensor(math.log(1.25)), "KL with a zero in p: 2 · 0.5 · log(0.5 / 0.4)")


def test_samples_follow_the_probabilities_and_the_seed():
    torch.manual_seed(5)
    probs = torch.tensor([0.1, 0.6, 0.3])
    s = sample_categorical(probs, 20000, seed=7)
    assert s.shape == (20000,), f"got shape {tuple(s.shape)}, expected (20000,)"
    freq = torch.bincount(s, minlength=3).float() / 20000
    assert (freq - probs).abs().max() < 0.02, (
        f"sample frequencies {freq.tolist()} are far from {probs.tolist()}"
    )
    assert torch.equal(sample_categorical(probs, 50, seed=3), sample_categorical(probs, 50, seed=3)), (
        "the same seed must give the same samples"
    )
