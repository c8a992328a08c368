import math

import torch
from exercise import RewardModel, pairwise_loss, preference_accuracy


def test_one_reward_per_sequence():
    torch.manual_seed(0)
    model = RewardModel(vocab_size=20, d_model=8)
    ids = torch.randint(0, 20, (3, 5))
    rewards = model(ids, torch.ones(3, 5, dtype=torch.long))
    assert rewards.shape == (3,), f"rewards are {tuple(rewards.shape)}, expected (3,)"
    assert model.head.weight.shape == (1, 8)


def test_loss_of_equal_rewards_is_log_two():
    torch.manual_seed(0)
    r = torch.randn(4)
    torch.testing.assert_close(pairwise_loss(r, r), torch.tensor(math.log(2)))


def test_accuracy_of_two_pairs():
    torch.manual_seed(0)
    assert preference_accuracy(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])) == 0.5
