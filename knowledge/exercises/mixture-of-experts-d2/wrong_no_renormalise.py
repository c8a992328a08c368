"""Mistake: gates are the full-softmax probabilities of the chosen experts, not renormalised."""

import torch
import torch.nn as nn


class TopKRouter(nn.Module):
    def __init__(self, d_model, num_experts, k):
        super().__init__()
        self.k = k
        self.gate = nn.Linear(d_model, num_experts, bias=False)

    def forward(self, x):
        """x: (tokens, d_model) -> gates (tokens, k), indices (tokens, k), probs (tokens, num_experts)."""
        logits = self.gate(x)
        probs = torch.softmax(logits, dim=-1)
        _, indices = logits.topk(self.k, dim=-1)
        gates = probs.gather(-1, indices)
        return gates, indices, probs


def load_balancing_loss(probs, indices, num_experts):
    """num_experts * sum_i f_i * P_i; f_i = share of the (token, slot) assignments sent to expert i,
    P_i = mean router probability of expert i. Equals 1 when routing is perfectly uniform."""
    counts = torch.bincount(indices.flatten(), minlength=num_experts).to(probs.dtype)
    f = counts / indices.numel()
    p = probs.mean(dim=0)
    return num_experts * (f * p).sum()


class MoELayer(nn.Module):
    def __init__(self, d_model, d_hidden, num_experts, k):
        super().__init__()
        self.num_experts = num_experts
        self.router = TopKRouter(d_model, num_experts, k)
        self.experts = nn.ModuleList(
            nn.Sequential(nn.Linear(d_model, d_hidden), nn.GELU(), nn.Linear(d_hidden, d_model))
            for _ in range(num_experts)
        )

    def forward(self, x):
        """x: (..., d_model) -> (y with the shape of x, auxiliary load-balancing loss)."""
        tokens = x.reshape(-1, x.size(-1))
        gates, indices, probs = self.router(tokens)
        y = torch.zeros_like(tokens)
        for e, expert in enumerate(self.experts):
            token_idx, slot = (indices == e).nonzero(as_tuple=True)
            if token_idx.numel() == 0:
                continue  # no token chose this expert: it does no work
            out = expert(tokens[token_idx]) * gates[token_idx, slot].unsqueeze(-1)
            y.index_add_(0, token_idx, out)  # a token can receive several experts' outputs
        return y.reshape(x.shape), load_balancing_loss(probs, indices, self.num_experts)
