"""Mistake: the gradient is never sent back to earlier steps, so only the last step contributes."""

import torch
import torch.nn as nn


class VanillaRNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        bound = hidden_size**-0.5  # nn.RNN's default range
        self.hidden_size = hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(hidden_size, input_size).uniform_(-bound, bound))
        self.weight_hh_l0 = nn.Parameter(torch.empty(hidden_size, hidden_size).uniform_(-bound, bound))
        self.bias_ih_l0 = nn.Parameter(torch.empty(hidden_size).uniform_(-bound, bound))
        self.bias_hh_l0 = nn.Parameter(torch.empty(hidden_size).uniform_(-bound, bound))

    def forward(self, x, h0=None):
        h = x.new_zeros(x.shape[0], self.hidden_size) if h0 is None else h0[0]
        outputs = []
        for t in range(x.shape[1]):  # the same weights at every step
            h = torch.tanh(
                x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T + self.bias_hh_l0
            )
            outputs.append(h)
        return torch.stack(outputs, dim=1), h.unsqueeze(0)


def bptt(x, target, weights):
    W_ih, W_hh = weights["weight_ih_l0"], weights["weight_hh_l0"]
    b_ih, b_hh = weights["bias_ih_l0"], weights["bias_hh_l0"]
    hs = [torch.zeros(W_hh.shape[0], dtype=x.dtype)]
    for x_t in x:
        hs.append(torch.tanh(W_ih @ x_t + b_ih + W_hh @ hs[-1] + b_hh))
    loss = 0.5 * (hs[-1] - target).pow(2).sum()

    grads = {k: torch.zeros_like(v) for k, v in weights.items()}
    dh = hs[-1] - target
    for t in range(len(x), 0, -1):
        dz = dh * (1 - hs[t] ** 2)  # back through the tanh
        grads["weight_ih_l0"] += torch.outer(dz, x[t - 1])
        grads["weight_hh_l0"] += torch.outer(dz, hs[t - 1])
        grads["bias_ih_l0"] += dz
        grads["bias_hh_l0"] += dz
        dh = torch.zeros_like(dh)  # nothing is sent to the step before
    return loss, grads


def clip_grad_norm(grads, max_norm):
    total = torch.sqrt(sum(g.pow(2).sum() for g in grads.values())).item()  # one norm for all
    scale = min(1.0, max_norm / (total + 1e-6))
    return {k: g * scale for k, g in grads.items()}, total
