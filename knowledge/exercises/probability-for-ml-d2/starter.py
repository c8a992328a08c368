"""Maximum likelihood for a Gaussian, entropy and KL of categoricals, and sampling."""

import torch  # noqa: F401


def gaussian_mle(x):
    """x: (n, d) samples of independent Gaussian features.

    Returns (mu, var), each (d,): the maximum likelihood estimates of each feature's mean and
    variance.
    """
    # TODO: derive them from the log-likelihood first
    raise NotImplementedError("TODO: gaussian_mle")


def entropy(p):
    """H(p) = −Σ p_i log p_i over the last dimension (nats); terms with p_i = 0 add 0."""
    # TODO: 0 · log 0 must give 0, not nan (torch.where, or torch.xlogy)
    raise NotImplementedError("TODO: entropy")


def kl_divergence(p, q):
    """KL(p ‖ q) = Σ p_i log(p_i / q_i) over the last dimension; terms with p_i = 0 add 0."""
    # TODO
    raise NotImplementedError("TODO: kl_divergence")


def sample_categorical(probs, n, seed):
    """n draws from Categorical(probs), probs: (k,), after torch.manual_seed(seed).

    Returns a (n,) tensor of integer indices in 0 .. k − 1.
    """
    # TODO: torch.distributions.Categorical(probs=...).sample(...)
    raise NotImplementedError("TODO: sample_categorical")
