"""Mistake: p · log p is computed directly, so an outcome with p = 0 gives 0 · (−inf) = nan."""

import torch


def gaussian_mle(x):
    """x: (n, d) samples -> (mu, var), each (d,): the maximum likelihood estimates."""
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)  # divides by n: the MLE, not the unbiased n − 1
    return mu, var


def _xlogy(x, y):
    return x * torch.log(y)


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
