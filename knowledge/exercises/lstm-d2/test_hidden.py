import torch
import torch.nn as nn
from exercise import LSTM, LSTMCell, train_to_remember


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _ref_weights(seed, i=4, h=6):
    torch.manual_seed(seed)
    return nn.LSTM(i, h, batch_first=True)


def _ours(ref):
    ours = LSTM(ref.input_size, ref.hidden_size)
    ours.load_state_dict(
        {
            f"cell.{n}": getattr(ref, f"{n}_l0").detach().clone()
            for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        }
    )
    return ours


def test_gates_come_in_the_order_input_forget_candidate_output():
    torch.manual_seed(1)
    cell = LSTMCell(1, 1)
    # no weights, only a different bias per gate block: i = sigmoid(0), f = sigmoid(3),
    # g = tanh(2), o = sigmoid(-1) if the blocks are read in PyTorch's order (i, f, g, o)
    cell.load_state_dict(
        {
            "weight_ih": torch.zeros(4, 1),
            "weight_hh": torch.zeros(4, 1),
            "bias_ih": torch.tensor([0.0, 3.0, 2.0, -1.0]),
            "bias_hh": torch.zeros(4),
        }
    )
    h, c = cell(torch.zeros(1, 1), (torch.zeros(1, 1), torch.ones(1, 1)))
    b = torch.tensor([0.0, 3.0, 2.0, -1.0])
    expected_c = torch.sigmoid(b[1]) * 1.0 + torch.sigmoid(b[0]) * torch.tanh(b[2])
    _check(
        c, expected_c.view(1, 1), "the four row blocks are the gates i, f, g, o in this order (as in PyTorch)"
    )
    _check(
        h, (torch.sigmoid(b[3]) * torch.tanh(expected_c)).view(1, 1), "h = o * tanh(c), o is the last block"
    )


def test_cell_matches_torch_on_a_batch():
    torch.manual_seed(2)
    cell, ref = LSTMCell(4, 6), nn.LSTMCell(4, 6)
    ref.load_state_dict(cell.state_dict())
    x, h, c = torch.randn(3, 4), torch.randn(3, 6), torch.randn(3, 6)
    (gh, gc), (eh, ec) = cell(x, (h, c)), ref(x, (h, c))
    _check(gc, ec, "the new cell state differs from nn.LSTMCell")
    _check(gh, eh, "the new hidden state differs from nn.LSTMCell")


def test_layer_matches_torch_lstm_from_a_zero_state():
    ref = _ref_weights(3)
    ours = _ours(ref)
    x = torch.randn(2, 9, 4)
    out, (h, c) = ours(x)
    ref_out, (ref_h, ref_c) = ref(x)
    _check(out, ref_out, "outputs differ from nn.LSTM: outputs are the hidden state h of every step")
    _check(h, ref_h[0], "the final hidden state differs from nn.LSTM")
    _check(c, ref_c[0], "the final cell state differs from nn.LSTM")


def test_layer_starts_from_the_given_state():
    ref = _ref_weights(4)
    ours = _ours(ref)
    x, h0, c0 = torch.randn(2, 5, 4), torch.randn(2, 6), torch.randn(2, 6)
    out, (h, c) = ours(x, (h0, c0))
    ref_out, (ref_h, ref_c) = ref(x, (h0[None], c0[None]))
    _check(out, ref_out, "with an initial (h0, c0) the outputs differ: start from the given state, not zeros")
    _check(c, ref_c[0], "with an initial (h0, c0) the final cell state differs")


def test_a_long_sequence_stays_finite_and_bounded():
    ref = _ref_weights(5)
    ours = _ours(ref)
    out, _ = ours(torch.randn(1, 60, 4) * 3)
    assert torch.isfinite(out).all()
    assert out.abs().max() < 1, "h = o * tanh(c) must stay inside (-1, 1)"


def test_training_learns_to_remember_the_first_input():
    torch.manual_seed(6)
    xs = torch.randn(64, 8, 1)
    ys = xs[:, 0]  # output, after the last step, the input of the first step
    losses = train_to_remember(xs, ys, hidden_size=16, steps=200, lr=0.02, seed=0)
    assert len(losses) == 200
    final = sum(losses[-10:]) / 10
    # a model that cannot remember can only predict the mean, 0: its loss stays near var(x_0) = 1
    assert final < 0.05 and final < 0.1 * losses[0], (
        f"the loss went from {losses[0]:.3f} to {final:.3f}: zero the gradients, backpropagate and step each time"
    )
