"""Cross-entropy from logits with the log-sum-exp trick, its gradient, and perplexity."""

import torch  # noqa: F401


def cross_entropy(logits, targets):
    """logits: (N, C), targets: (N,) class indices -> scalar tensor.

    The mean over the batch of logsumexp(z_n) − z_n[target_n], with the log-sum-exp written
    by hand: subtract each row's max before exp.
    """
    # TODO: logits.gather(1, targets.unsqueeze(1)) picks z_n[target_n]
    raise NotImplementedError("TODO: cross_entropy")


def cross_entropy_grad(logits, targets):
    """The gradient of cross_entropy(logits, targets) with respect to logits, shape (N, C)."""
    # TODO: per example softmax(z_n) − one_hot(target_n); then account for the mean
    raise NotImplementedError("TODO: cross_entropy_grad")


def perplexity(logits, targets):
    """exp of the mean cross-entropy (nats)."""
    # TODO
    raise NotImplementedError("TODO: perplexity")
