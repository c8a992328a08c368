import math

from exercise import count_parameters, rnn_states


def test_each_step_reads_the_previous_state():
    xs, w_x, w_h, b = [0.5, -1.0, 2.0, 0.0], 0.8, -0.6, 0.2
    h, expected = 0.3, []
    for x in xs:
        h = math.tanh(w_x * x + w_h * h + b)
        expected.append(h)
    got = rnn_states(xs, w_x, w_h, b, h0=0.3)
    assert len(got) == 4, f"one state per input, got {len(got)}"
    for t, (g, e) in enumerate(zip(got, expected, strict=True), start=1):
        assert math.isclose(g, e, rel_tol=1e-9), (
            f"h_{t} = {g}, expected {e}: each step uses the state the previous step produced, not h0"
        )


def test_an_early_input_is_remembered():
    with_pulse = rnn_states([1.0, 0.0, 0.0, 0.0], 1.0, 0.9, 0.0)
    assert with_pulse[-1] > 0.1, f"states {with_pulse}: the input at step 1 should still show at step 4"


def test_parameter_count_does_not_grow_with_the_sequence():
    assert count_parameters(10, 20, 100) == 640, "20x10 + 20x20 + 2x20 = 640"
    assert count_parameters(10, 20, 1) == count_parameters(10, 20, 1000), (
        "the same weights serve every time step, so the count cannot depend on seq_len"
    )
