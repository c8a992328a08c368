"""Mistake: the running variance is fed the biased batch variance (divided by N)."""

import math


def _columns(batch):
    return [list(col) for col in zip(*batch, strict=True)]


def _mean(values):
    return sum(values) / len(values)


def _var(values, unbiased=False):
    m = _mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1 if unbiased else len(values))


def _normalise(batch, means, variances, gamma, beta, eps):
    return [
        [
            (x - m) / math.sqrt(v + eps) * g + b
            for x, m, v, g, b in zip(row, means, variances, gamma, beta, strict=True)
        ]
        for row in batch
    ]


def batch_norm_train(batch, gamma, beta, eps=1e-5):
    cols = _columns(batch)  # statistics per feature, over the examples
    return _normalise(batch, [_mean(c) for c in cols], [_var(c) for c in cols], gamma, beta, eps)


def update_running(running_mean, running_var, batch, momentum=0.1):
    cols = _columns(batch)
    new_mean = [(1 - momentum) * r + momentum * _mean(c) for r, c in zip(running_mean, cols, strict=True)]
    # PyTorch keeps the unbiased batch variance in its running estimate
    new_var = [(1 - momentum) * r + momentum * _var(c) for r, c in zip(running_var, cols, strict=True)]
    return new_mean, new_var


def batch_norm_eval(batch, running_mean, running_var, gamma, beta, eps=1e-5):
    return _normalise(batch, running_mean, running_var, gamma, beta, eps)
