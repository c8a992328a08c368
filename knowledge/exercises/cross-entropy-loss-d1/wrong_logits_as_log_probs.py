"""Mistake: the logits are used as if they were log-probabilities, skipping the log-sum-exp."""

import math


def cross_entropy(probs, target):
    """−ln probs[target], in nats."""
    return -math.log(probs[target])


def _logsumexp(logits):
    top = max(logits)
    return top + math.log(sum(math.exp(z - top) for z in logits))


def cross_entropy_from_logits(logits, target):
    """−ln softmax(logits)[target] = logsumexp(logits) − logits[target]."""
    return -logits[target]


def logit_gradient(logits, target):
    """∂loss/∂logits = softmax(logits) − one_hot(target)."""
    lse = _logsumexp(logits)
    return [math.exp(z - lse) - (1.0 if i == target else 0.0) for i, z in enumerate(logits)]
