"""Mistake: the gradient of pi(action) is used instead of the gradient of log pi(action)."""

import math


def softmax(logits):
    """exp(theta_i) / sum_j exp(theta_j), as a list."""
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def grad_log_prob(logits, action):
    """d log pi(action) / d theta_i for each i: onehot(action) - pi."""
    probs = softmax(logits)
    return [probs[action] * ((1.0 if i == action else 0.0) - p) for i, p in enumerate(probs)]


def reinforce_step(logits, action, reward, lr):
    """theta + lr * reward * grad log pi(action): gradient ascent on the expected reward."""
    return [t + lr * reward * g for t, g in zip(logits, grad_log_prob(logits, action), strict=True)]
