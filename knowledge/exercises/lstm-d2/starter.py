"""An LSTM cell from its gate equations, and a layer that runs it over a sequence.

Keep the parameter names: the tests load PyTorch's weights into them with load_state_dict.
"""

import math  # noqa: F401

import torch  # noqa: F401
import torch.nn as nn


class LSTMCell(nn.Module):
    """Same parameters and gate order as torch.nn.LSTMCell."""

    def __init__(self, input_size: int, hidden_size: int):
        """Parameters weight_ih (4H, input_size), weight_hh (4H, H), bias_ih (4H), bias_hh (4H).

        The 4H rows are the gates in PyTorch's order: input i, forget f, candidate g, output o.
        Initialise them uniformly in (-1/sqrt(H), 1/sqrt(H)).
        """
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        raise NotImplementedError("TODO: create the four parameters")

    def forward(self, x, state=None):
        """x: (batch, input_size); state: (h, c), each (batch, hidden_size), zeros when None.

        Returns the new (h, c).
        """
        # TODO:
        # 1. z = x W_ih^T + b_ih + h W_hh^T + b_hh, shape (batch, 4H)
        # 2. split z into i, f, g, o (in that order); sigmoid for i, f, o and tanh for g
        # 3. c' = f * c + i * g;  h' = o * tanh(c')
        raise NotImplementedError("TODO: one LSTM step")


class LSTM(nn.Module):
    """One layer, batch first: like torch.nn.LSTM(input_size, hidden_size, batch_first=True)."""

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.cell = LSTMCell(input_size, hidden_size)

    def forward(self, x, state=None):
        """x: (batch, seq, input_size); state: optional initial (h, c), each (batch, hidden).

        Returns (outputs, (h_T, c_T)): outputs is (batch, seq, hidden), the h of every step.
        """
        raise NotImplementedError("TODO: run the cell over the sequence, carrying (h, c)")


def train_to_remember(xs, ys, hidden_size, steps, lr, seed=0):
    """Train your LSTM on a sequence task: xs (batch, seq, input_size) -> ys (batch, out_size).

    Seed torch with `seed`, build LSTM(input_size, hidden_size) and nn.Linear(hidden_size,
    out_size) on the last hidden state h_T, and take `steps` Adam updates (learning rate lr)
    on the mean squared error. Return the list of the `steps` losses, as floats.
    """
    raise NotImplementedError("TODO: the training loop")
