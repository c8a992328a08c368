import math

from exercise import lstm_step, run_lstm, sigmoid


def _close(a, b, what):
    assert abs(a - b) < 1e-9, f"{what}: got {a}, expected {b}"


def test_sigmoid_values():
    _close(sigmoid(2.0), 1 / (1 + math.exp(-2.0)), "sigmoid(2)")
    _close(sigmoid(-3.0), 1 / (1 + math.exp(3.0)), "sigmoid(-3)")


def test_gates_use_sigmoid_and_the_candidate_uses_tanh():
    params = {"i": (0.5, 0.0, 0.0), "f": (0.0, 0.0, 1.0), "g": (-2.0, 0.0, 0.0), "o": (0.0, 1.0, 0.0)}
    step = lstm_step(1.0, 0.5, 0.0, params)
    _close(step["i"], sigmoid(0.5), "input gate i = sigmoid(w*x + u*h + b)")
    _close(step["f"], sigmoid(1.0), "forget gate f = sigmoid(b) here")
    _close(step["o"], sigmoid(0.5), "output gate o = sigmoid(u*h) here")
    _close(step["g"], math.tanh(-2.0), "the candidate g is tanh, not sigmoid: it can be negative, in (-1, 1)")


def test_the_input_gate_scales_what_is_written():
    # the input gate is almost closed: the candidate barely reaches the cell
    params = {"i": (0.0, 0.0, -6.0), "f": (0.0, 0.0, 6.0), "g": (0.0, 0.0, 3.0), "o": (0.0, 0.0, 0.0)}
    step = lstm_step(0.0, 0.0, 1.0, params)
    expected = sigmoid(6.0) * 1.0 + sigmoid(-6.0) * math.tanh(3.0)
    _close(step["c"], expected, "c = f*c + i*g: the candidate g is multiplied by the input gate i")


def test_hidden_state_is_output_gate_times_tanh_of_the_cell():
    params = {"i": (0.0, 0.0, 0.0), "f": (0.0, 0.0, 10.0), "g": (0.0, 0.0, 0.0), "o": (0.0, 0.0, 10.0)}
    step = lstm_step(0.0, 0.0, 5.0, params)
    _close(step["h"], sigmoid(10.0) * math.tanh(step["c"]), "h = o * tanh(c)")
    assert abs(step["h"]) < 1.0, "h = o * tanh(c) stays in (-1, 1) even when the cell is large"


def test_an_open_forget_gate_keeps_the_cell_for_many_steps():
    keep = {"i": (0.0, 0.0, -10.0), "f": (0.0, 0.0, 10.0), "g": (1.0, 0.0, 0.0), "o": (0.0, 0.0, 0.0)}
    states = run_lstm([0.0] * 50, keep, c0=3.0)
    _close(states[-1][1], 3.0 * sigmoid(10.0) ** 50, "with f ≈ 1 and i ≈ 0 the cell keeps c0 over 50 steps")
    erase = dict(keep, f=(0.0, 0.0, -10.0))
    assert abs(run_lstm([0.0] * 3, erase, c0=3.0)[-1][1]) < 1e-3, "with f ≈ 0 the cell forgets within a step"


def test_the_state_is_carried_from_step_to_step():
    params = {"i": (1.0, 0.5, 0.0), "f": (0.0, -0.5, 0.5), "g": (1.0, 1.0, 0.0), "o": (0.5, 0.5, 0.0)}
    h, c = 0.2, -0.4
    expected = []
    for x in [1.0, -0.5, 2.0]:
        step = lstm_step(x, h, c, params)
        h, c = step["h"], step["c"]
        expected.append((h, c))
    got = run_lstm([1.0, -0.5, 2.0], params, h0=0.2, c0=-0.4)
    assert len(got) == 3
    for t, ((gh, gc), (eh, ec)) in enumerate(zip(got, expected, strict=True)):
        _close(gh, eh, f"h after step {t}: each step starts from the previous (h, c), beginning at (h0, c0)")
        _close(gc, ec, f"c after step {t}")
