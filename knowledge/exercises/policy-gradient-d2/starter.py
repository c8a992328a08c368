"""REINFORCE: returns-to-go, the surrogate loss, and per-sample score-function gradients."""

import torch  # noqa: F401
import torch.nn.functional as F  # noqa: F401


def returns_to_go(rewards, gamma):
    """(T,) rewards -> (T,) with G_t = sum_{k >= t} gamma^(k - t) r_k."""
    raise NotImplementedError("TODO: accumulate from the last reward backwards")


def reinforce_loss(logits, actions, returns, baseline=0.0):
    """-mean((G - b) * log pi(a)); logits (N, A), actions (N,), returns (N,), baseline constant."""
    raise NotImplementedError("TODO: the surrogate loss")


def score_function_grads(logits, actions, returns, baseline=0.0):
    """(N, A): (G_i - b) * (onehot(a_i) - softmax(logits_i)), from the formula."""
    raise NotImplementedError("TODO: the per-sample gradient estimates")
