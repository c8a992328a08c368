"""REINFORCE on a softmax policy over a few actions, in plain Python."""

import math  # noqa: F401  (you will need math.exp)


def softmax(logits):
    """exp(theta_i) / sum_j exp(theta_j), as a list."""
    raise NotImplementedError("TODO: softmax")


def grad_log_prob(logits, action):
    """d log pi(action) / d theta_i for each i: onehot(action) - pi."""
    raise NotImplementedError("TODO: the gradient of log pi(action)")


def reinforce_step(logits, action, reward, lr):
    """theta + lr * reward * grad log pi(action): gradient ascent on the expected reward."""
    raise NotImplementedError("TODO: one REINFORCE step")
