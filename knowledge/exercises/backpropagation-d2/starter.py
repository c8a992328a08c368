"""A two-layer MLP's backward pass derived by hand, checked by finite differences.

params: {"W1": (H, D), "b1": (H,), "W2": (C, H), "b2": (C,)}; x: (N, D); target: (N,) ints.
z = x W1^T + b1, h = relu(z), logits = h W2^T + b2, loss = mean cross-entropy.
"""

import torch  # noqa: F401


def loss_fn(x, target, params):
    """The mean cross-entropy of the network's logits, as a 0-dim tensor."""
    raise NotImplementedError("TODO: forward pass and mean cross-entropy")


def backward(x, target, params):
    """{"W1": dL/dW1, "b1": ..., "W2": ..., "b2": ...}, by hand: no .backward(), no autograd."""
    # TODO:
    # 1. forward pass, keeping z and h
    # 2. d_logits = (softmax(logits) - onehot(target)) / N
    # 3. dW2, db2 from d_logits and h; d_h = d_logits @ W2
    # 4. d_z = d_h where z > 0, else 0; then dW1, db1
    raise NotImplementedError("TODO: the backward pass")


def numerical_gradient(x, target, params, name, eps=1e-6):
    """dL/d(params[name]) by central differences, (L(p + eps) - L(p - eps)) / (2 eps) per entry.

    Work on copies: the caller's tensors must be unchanged afterwards.
    """
    raise NotImplementedError("TODO: finite differences")
