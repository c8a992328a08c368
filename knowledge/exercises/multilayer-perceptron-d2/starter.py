"""An MLP classifier: nn.Linear and nn.ReLU in an nn.Sequential, trained by SGD."""

import torch  # noqa: F401
import torch.nn as nn  # noqa: F401
import torch.nn.functional as F  # noqa: F401


def make_mlp(sizes):
    """nn.Sequential(Linear, ReLU, Linear, ReLU, ..., Linear) for sizes = [d_in, ..., n_classes]."""
    raise NotImplementedError("TODO: build the layers")


def count_parameters(model):
    """How many trainable numbers the model holds (weights and biases)."""
    raise NotImplementedError("TODO: count the parameters")


def train(model, X, y, steps, lr):
    """Full-batch SGD on F.cross_entropy(model(X), y); return the loss before each update."""
    # TODO: an optimizer, then each step: zero_grad, forward, loss, backward, step
    raise NotImplementedError("TODO: the training loop")


def predict(model, X):
    """The predicted class of each row of X."""
    raise NotImplementedError("TODO: argmax of the logits")
