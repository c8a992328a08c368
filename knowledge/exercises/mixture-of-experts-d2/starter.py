"""A top-k mixture-of-experts layer: a router picks k experts per token and mixes their outputs."""

import torch  # noqa: F401
import torch.nn as nn


class TopKRouter(nn.Module):
    def __init__(self, d_model, num_experts, k):
        super().__init__()
        self.k = k
        self.gate = nn.Linear(d_model, num_experts, bias=False)

    def forward(self, x):
        """x: (tokens, d_model). Returns (gates, indices, probs):

        - probs (tokens, num_experts): softmax of the router logits over all experts;
        - indices (tokens, k): the k experts with the largest logits, largest first;
        - gates (tokens, k): the weights of those k experts, renormalised to sum to 1.
        """
        raise NotImplementedError("TODO: top-k routing")


def load_balancing_loss(probs, indices, num_experts):
    """Auxiliary loss that is smallest when tokens spread evenly over the experts.

    f_i = (number of (token, slot) pairs in `indices` equal to i) / indices.numel()
    P_i = probs[:, i].mean()
    loss = num_experts * sum_i f_i * P_i   (1.0 for perfectly uniform routing)
    """
    raise NotImplementedError("TODO: the load-balancing statistic")


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
        """x: (..., d_model). Returns (y, aux_loss), y with the shape of x.

        For every token t: y[t] = sum over its k slots j of gates[t, j] * experts[indices[t, j]](x[t]).
        Run each expert only on the tokens routed to it.
        """
        raise NotImplementedError("TODO: dispatch tokens to experts and combine their outputs")
