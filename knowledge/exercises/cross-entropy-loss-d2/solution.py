"""Cross-entropy from logits with the log-sum-exp trick, its gradient, and perplexity."""

import torch


def _logsumexp(logits):
    m = logits.amax(dim=-1, keepdim=True)
    return (m + torch.log(torch.exp(logits - m).sum(dim=-1, keepdim=True))).squeeze(-1)


def cross_entropy(logits, targets):
    """Mean over the batch of logsumexp(z_n) − z_n[target_n]; logits (N, C), targets (N,)."""
    picked = logits.gather(1, targets.unsqueeze(1)).squeeze(1)
    return (_logsumexp(logits) - picked).mean()


def cross_entropy_grad(logits, targets):
    """∂ mean loss / ∂ logits = (softmax(z) − one_hot(targets)) / N."""
    p = torch.exp(logits - _logsumexp(logits).unsqueeze(-1))
    one_hot = torch.zeros_like(p).scatter_(1, targets.unsqueeze(1), 1.0)
    return (p - one_hot) / logits.shape[0]


def perplexity(logits, targets):
    """exp(mean cross-entropy in nats)."""
    return torch.exp(cross_entropy(logits, targets))
