import math

from exercise import dpo_loss, implicit_reward, pair_weight


def _sig(x):
    return 1 / (1 + math.exp(-x))


def test_reward_is_measured_against_the_reference():
    assert math.isclose(implicit_reward(-30.0, -30.0, beta=0.5), 0.0), (
        "an answer the policy rates exactly as the reference does has implicit reward 0"
    )
    assert math.isclose(implicit_reward(-8.0, -5.0, beta=0.2), -0.6)


def test_loss_by_hand():
    # chosen: 0.1 * (-10 - -12) = 0.2; rejected: 0.1 * (-15 - -14) = -0.1; margin 0.3
    got = dpo_loss(-10.0, -15.0, -12.0, -14.0, beta=0.1)
    expected = -math.log(_sig(0.3))
    assert math.isclose(got, expected), (
        f"got {got:.5f}, expected -log sigmoid(0.3) = {expected:.5f}: beta multiplies each log-ratio inside the sigmoid"
    )


def test_reference_can_make_a_lower_log_probability_the_winner():
    # the policy gives the chosen answer a lower log-prob than the rejected one, but raised it more
    got = dpo_loss(-20.0, -15.0, -25.0, -14.0, beta=0.1)
    assert got < math.log(2), (
        f"loss {got:.4f} is above log 2: relative to the reference the chosen answer gained 5 and "
        "the rejected one lost 1, so DPO already prefers the chosen one"
    )


def test_large_margins_stay_finite():
    assert math.isclose(dpo_loss(-1e4, 0.0, 0.0, 0.0, beta=0.1), 1000.0, rel_tol=1e-9)
    assert 0.0 <= dpo_loss(0.0, -1e4, 0.0, 0.0, beta=0.1) < 1e-30


def test_wrongly_ranked_pairs_weigh_more_than_learned_ones():
    wrong = pair_weight(-20.0, -10.0, -12.0, -12.0, beta=0.5)  # margin 0.5 * (-8 - 2) = -5
    learned = pair_weight(-10.0, -20.0, -12.0, -12.0, beta=0.5)  # margin +5
    assert math.isclose(wrong, _sig(5.0)) and math.isclose(learned, _sig(-5.0)), (
        f"weights {wrong:.4f} (wrongly ranked) and {learned:.4f} (learned): "
        "the weight is sigmoid(r_rejected - r_chosen), near 1 for mistakes and near 0 for learned pairs"
    )
