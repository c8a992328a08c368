"""Mistake: the gradient of a mean loss is not divided by the batch size N."""

import torch


def _forward(x, params):
    z = x @ params["W1"].T + params["b1"]
    h = torch.relu(z)
    return z, h, h @ params["W2"].T + params["b2"]


def loss_fn(x, target, params):
    _, _, logits = _forward(x, params)
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_probs[torch.arange(len(target)), target].mean()


def backward(x, target, params):
    z, h, logits = _forward(x, params)
    n = x.shape[0]
    d_logits = torch.softmax(logits, dim=1)
    d_logits[torch.arange(n), target] -= 1
    d_h = d_logits @ params["W2"]
    d_z = d_h * (z > 0)  # relu passes the gradient only where it was active
    return {
        "W2": d_logits.T @ h,
        "b2": d_logits.sum(0),
        "W1": d_z.T @ x,
        "b1": d_z.sum(0),
    }


def numerical_gradient(x, target, params, name, eps=1e-6):
    work = {k: v.clone() for k, v in params.items()}  # leave the caller's tensors alone
    p = work[name]
    grad = torch.zeros_like(p)
    flat, flat_grad = p.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = loss_fn(x, target, work).item()
        flat[i] = old - eps
        down = loss_fn(x, target, work).item()
        flat[i] = old
        flat_grad[i] = (up - down) / (2 * eps)
    return grad
