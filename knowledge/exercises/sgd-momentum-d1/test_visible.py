import math

from exercise import minibatch_gradients, momentum_run, terminal_step


def test_two_batches_of_two():
    # batch means 2 and 6, so at w = 5 the gradients are 5 − 2 and 5 − 6
    assert minibatch_gradients(5.0, [1.0, 3.0, 5.0, 7.0], 2) == [3.0, -1.0]


def test_three_momentum_steps_with_a_constant_gradient():
    got = momentum_run(0.0, [1.0, 1.0, 1.0], lr=0.1, mu=0.9)
    expected = [0.0, -0.1, -0.29, -0.561]
    assert len(got) == 4 and all(
        math.isclose(a, b, abs_tol=1e-12) for a, b in zip(got, expected, strict=True)
    ), got


def test_no_momentum_is_plain_sgd():
    assert momentum_run(1.0, [2.0], lr=0.5, mu=0.0) == [1.0, 0.0]


def test_terminal_step_is_positive_for_a_positive_gradient():
    assert terminal_step(0.1, 0.5, 1.0) > 0
