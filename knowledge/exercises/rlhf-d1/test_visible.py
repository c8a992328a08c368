import math

from exercise import kl_penalties, sequence_reward, token_rewards


def test_no_penalty_when_the_policy_equals_the_reference():
    assert kl_penalties([-1.0, -2.0], [-1.0, -2.0], beta=0.1) == [0.0, 0.0]


def test_one_token_response():
    rewards = token_rewards(2.0, [-1.0], [-1.0], beta=0.1)
    assert len(rewards) == 1 and math.isclose(rewards[0], 2.0)


def test_sequence_reward_without_drift_is_the_score():
    assert math.isclose(sequence_reward(1.5, [-0.3, -0.7], [-0.3, -0.7], beta=0.2), 1.5)
