import math

from exercise import grad_log_prob, reinforce_step, softmax


def test_equal_logits_give_equal_probabilities():
    assert all(math.isclose(p, 1 / 3) for p in softmax([0.0, 0.0, 0.0]))


def test_gradient_at_the_uniform_policy():
    g = grad_log_prob([0.0, 0.0, 0.0], action=0)
    assert all(math.isclose(a, b) for a, b in zip(g, [2 / 3, -1 / 3, -1 / 3], strict=True))


def test_a_step_returns_three_logits():
    assert len(reinforce_step([0.0, 0.0, 0.0], action=0, reward=3.0, lr=0.1)) == 3
