import math

from exercise import dpo_loss, implicit_reward, pair_weight


def test_implicit_reward_by_hand():
    assert math.isclose(implicit_reward(-10.0, -12.0, beta=0.1), 0.2)


def test_policy_equal_to_reference_gives_log_two():
    assert math.isclose(dpo_loss(-10.0, -11.0, -10.0, -11.0, beta=0.1), math.log(2))


def test_weight_of_an_undecided_pair_is_one_half():
    assert math.isclose(pair_weight(-10.0, -11.0, -10.0, -11.0, beta=0.1), 0.5)
