"""Mistake: the log-sum-exp exponentiates the raw logits, which overflows for large ones."""

import math


def cross_entropy(probs, target):
    """−ln probs[target], in nats."""
    return -math.log(probs[target])


def _logsumexp(logits):
    return math.log(sum(math.exp(z) for z in logits))


def cross_entropy_from_logits(logits, target):
    """−ln softmax(logits)[target] = logsumexp(logits) − logits[target]."""
    return _logsumexp(logits) - logits[target]


def logit_gradient(logits, target):
    """∂loss/∂logits = softmax(logits) − one_hot(target)."""
    lse = _logsumexp(logits)
    return [math.exp(z - lse) - (1.0 if i == target else 0.0) for i, z in enumerate(logits)]
