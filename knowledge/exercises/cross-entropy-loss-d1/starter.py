"""Cross-entropy of one example from probabilities or logits, and its gradient."""

import math  # noqa: F401


def cross_entropy(probs, target):
    """The loss −ln probs[target] (natural log), for the correct class index target."""
    # TODO
    raise NotImplementedError("TODO: cross_entropy")


def cross_entropy_from_logits(logits, target):
    """−ln softmax(logits)[target], computed as logsumexp(logits) − logits[target].

    Subtract the largest logit inside the log-sum-exp so exp never overflows.
    """
    # TODO
    raise NotImplementedError("TODO: cross_entropy_from_logits")


def logit_gradient(logits, target):
    """The gradient of cross_entropy_from_logits with respect to each logit, as a list."""
    # TODO: differentiate logsumexp(z) − z[target] with respect to each z_i
    raise NotImplementedError("TODO: logit_gradient")
