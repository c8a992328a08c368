import math

from exercise import count_parameters, rnn_states


def test_one_step():
    got = rnn_states([2.0], 0.5, 0.3, 0.1, h0=1.0)
    assert len(got) == 1 and math.isclose(got[0], math.tanh(0.5 * 2 + 0.3 * 1 + 0.1)), got


def test_worked_example():
    got = rnn_states([1.0, 0.0, 0.0], 1.0, 0.5, 0.0)
    assert [round(h, 3) for h in got] == [0.762, 0.363, 0.180], got


def test_parameters_of_a_small_rnn():
    assert count_parameters(3, 4, 7) == 4 * 3 + 4 * 4 + 2 * 4
