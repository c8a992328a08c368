import math

from exercise import loss_grads, pairwise_loss, preference_prob


def test_equal_scores_are_a_coin_flip():
    assert math.isclose(preference_prob(2.0, 2.0), 0.5)


def test_loss_of_a_tie_is_log_two():
    assert math.isclose(pairwise_loss(0.0, 0.0), math.log(2))


def test_gradients_of_a_tie():
    g_chosen, g_rejected = loss_grads(0.0, 0.0)
    assert math.isclose(g_chosen, -0.5) and math.isclose(g_rejected, 0.5)
