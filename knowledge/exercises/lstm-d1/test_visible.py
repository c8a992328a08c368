import math

from exercise import lstm_step, run_lstm, sigmoid

ONES = {"i": (1.0, 0.0, 0.0), "f": (1.0, 0.0, 0.0), "g": (1.0, 0.0, 0.0), "o": (1.0, 0.0, 0.0)}


def test_sigmoid_of_zero_is_one_half():
    assert abs(sigmoid(0.0) - 0.5) < 1e-12


def test_one_step_by_hand():
    # every pre-activation is x = 1: i = f = o = sigmoid(1) ≈ 0.7311, g = tanh(1) ≈ 0.7616
    step = lstm_step(1.0, 0.0, 2.0, ONES)
    s, t = 1 / (1 + math.exp(-1)), math.tanh(1)
    assert abs(step["c"] - (s * 2.0 + s * t)) < 1e-9, f"c = f*c + i*g ≈ 2.0189, got {step['c']}"
    assert abs(step["h"] - s * math.tanh(step["c"])) < 1e-9, "h = o * tanh(c)"


def test_run_returns_one_state_per_input():
    states = run_lstm([1.0, 0.0, -1.0], ONES)
    assert len(states) == 3
    assert tuple(states[0]) == (lstm_step(1.0, 0.0, 0.0, ONES)["h"], lstm_step(1.0, 0.0, 0.0, ONES)["c"])
