"""Mistake: the variance uses torch.var's default n − 1 (unbiased), not the MLE's n."""

import torch


def gaussian_mle(x):
    """x: (n, d) samples -> (mu, var), each (d,): the maximum likelihood estimates."""
    mu = x.mean(dim=0)
    var = x.var(dim=0)
    return mu, var


def _xlogy(x, y):
    """x · log(y), taken as 0 where x == 0 (the limit of p log p)."""
    return torch.where(x == 0, torch.zeros_like(x), x * torch.log(torch.where(x == 0, torch.ones_like(y), y)))


def entropy(p):
    """H(p) = −Σ p log p over the last dimension, in nats."""
    return -_xlogy(p, p).sum(dim=-1)


def kl_divergence(p, q):
    """KL(p ‖ q) = Σ p log(p / q) over the last dimension."""
    return (_xlogy(p, p) - _xlogy(p, q)).sum(dim=-1)


def sample_categorical(probs, n, seed):
    """n draws (indices) from Categorical(probs) after torch.manual_seed(seed)."""
    torch.manual_seed(seed)
    return torch.distributions.Categorical(probs=probs).sample((n,))
