import torch
import torch.nn as nn
from exercise import LSTM, LSTMCell, train_to_remember


def test_parameter_shapes_match_torch():
    torch.manual_seed(0)
    cell = LSTMCell(3, 5)
    shapes = {name: tuple(p.shape) for name, p in cell.state_dict().items()}
    assert shapes == {"weight_ih": (20, 3), "weight_hh": (20, 5), "bias_ih": (20,), "bias_hh": (20,)}


def test_one_step_matches_torch_lstm_cell():
    torch.manual_seed(0)
    cell, ref = LSTMCell(3, 5), nn.LSTMCell(3, 5)
    ref.load_state_dict(cell.state_dict())
    x, h, c = torch.randn(2, 3), torch.randn(2, 5), torch.randn(2, 5)
    got, expected = cell(x, (h, c)), ref(x, (h, c))
    torch.testing.assert_close(got[0], expected[0])
    torch.testing.assert_close(got[1], expected[1])


def test_layer_output_shapes():
    torch.manual_seed(0)
    out, (h, c) = LSTM(3, 5)(torch.randn(2, 7, 3))
    assert out.shape == (2, 7, 5) and h.shape == (2, 5) and c.shape == (2, 5)


def test_training_returns_one_loss_per_step():
    torch.manual_seed(0)
    xs = torch.randn(8, 4, 1)
    losses = train_to_remember(xs, xs[:, 0], hidden_size=4, steps=3, lr=0.01)
    assert len(losses) == 3 and all(isinstance(x, float) for x in losses)
