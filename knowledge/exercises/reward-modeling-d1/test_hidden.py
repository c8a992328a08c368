import math

from exercise import loss_grads, pairwise_loss, preference_prob


def test_probability_of_a_one_point_lead():
    assert math.isclose(preference_prob(1.0, 0.0), 1 / (1 + math.exp(-1)))
    assert math.isclose(preference_prob(0.0, 1.0) + preference_prob(1.0, 0.0), 1.0)


def test_only_the_difference_of_rewards_matters():
    base = pairwise_loss(1.0, -0.5)
    shifted = pairwise_loss(11.0, 9.5)
    assert math.isclose(base, shifted, rel_tol=1e-9), (
        f"loss {base:.4f} became {shifted:.4f} when both rewards rose by 10: "
        "the Bradley-Terry loss depends on r_chosen - r_rejected only"
    )
    assert math.isclose(base, -math.log(1 / (1 + math.exp(-1.5))))


def test_large_margins_stay_finite_and_accurate():
    wrong_way = pairwise_loss(-1000.0, 0.0)
    assert math.isfinite(wrong_way) and math.isclose(wrong_way, 1000.0, rel_tol=1e-9), (
        f"loss {wrong_way} for a margin of -1000; -log sigmoid(m) = log(1 + e^-m) is about 1000, "
        "compute it without forming e^1000 or sigmoid(-1000)"
    )
    assert math.isclose(pairwise_loss(-100.0, 0.0), 100.0, rel_tol=1e-9)
    assert 0.0 <= pairwise_loss(1000.0, 0.0) < 1e-30


def test_gradients_push_chosen_up_and_rejected_down():
    g_chosen, g_rejected = loss_grads(0.5, 1.5)
    push = 1 / (1 + math.exp(-1.0))  # sigmoid(r_rejected - r_chosen)
    assert math.isclose(g_chosen, -push) and math.isclose(g_rejected, push), (
        f"got ({g_chosen:.4f}, {g_rejected:.4f}), expected ({-push:.4f}, {push:.4f}): "
        "gradient descent must raise r_chosen, so d loss / d r_chosen is negative"
    )


def test_a_confidently_correct_pair_barely_contributes():
    g_chosen, _ = loss_grads(8.0, 0.0)
    assert abs(g_chosen) < 1e-3
    g_chosen, _ = loss_grads(0.0, 8.0)
    assert abs(g_chosen) > 0.999
