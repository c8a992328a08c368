"""An LSTM cell from its gate equations, and a layer that runs it over a sequence."""

import math

import torch
import torch.nn as nn


class LSTMCell(nn.Module):
    """Same parameters and gate order (i, f, g, o) as torch.nn.LSTMCell."""

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        self.weight_ih = nn.Parameter(torch.empty(4 * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.empty(4 * hidden_size, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(4 * hidden_size))
        self.bias_hh = nn.Parameter(torch.empty(4 * hidden_size))
        bound = 1 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x, state=None):
        """x: (batch, input_size); state: (h, c), each (batch, hidden_size). Returns (h', c')."""
        if state is None:
            zeros = x.new_zeros(x.size(0), self.hidden_size)
            state = (zeros, zeros)
        h, c = state
        z = x @ self.weight_ih.T + self.bias_ih + h @ self.weight_hh.T + self.bias_hh
        i, f, g, o = z.chunk(4, dim=-1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        return h, c


class LSTM(nn.Module):
    """One layer, batch first: like torch.nn.LSTM(input_size, hidden_size, batch_first=True)."""

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.cell = LSTMCell(input_size, hidden_size)

    def forward(self, x, state=None):
        """x: (batch, seq, input_size). Returns (outputs (batch, seq, hidden), (h_T, c_T))."""
        outputs = []
        for t in range(x.size(1)):
            state = self.cell(x[:, t], state)
            outputs.append(state[0])
        return torch.stack(outputs, dim=1), state


def train_to_remember(xs, ys, hidden_size, steps, lr, seed=0):
    """Train an LSTM and a linear head on its last hidden state to map xs to ys (MSE, Adam).

    Returns the loss before each of the `steps` updates, as floats.
    """
    torch.manual_seed(seed)
    lstm = LSTM(xs.size(-1), hidden_size)
    head = nn.Linear(hidden_size, ys.size(-1))
    optimizer = torch.optim.Adam([*lstm.parameters(), *head.parameters()], lr=lr)
    losses = []
    for _ in range(steps):
        _, (h, _) = lstm(xs)
        loss = ((head(h) - ys) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
