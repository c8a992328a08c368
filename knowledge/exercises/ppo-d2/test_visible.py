import torch
from exercise import gae, ppo_loss


def test_one_step_episode():
    torch.manual_seed(0)
    adv, ret = gae(torch.tensor([1.0]), torch.tensor([0.5]), torch.tensor([True]), 9.0, gamma=0.9, lam=0.95)
    # the episode ends: delta = 1 - 0.5, and last_value is not used
    torch.testing.assert_close(adv, torch.tensor([0.5]))
    torch.testing.assert_close(ret, torch.tensor([1.0]))


def test_loss_when_nothing_has_changed_yet():
    torch.manual_seed(0)
    logp, adv = torch.randn(8), torch.randn(8)
    values = returns = torch.zeros(8)
    loss, stats = ppo_loss(logp, logp, adv, values, returns, torch.zeros(8))
    # ratio 1 everywhere: the policy loss is -mean(A), nothing is clipped
    torch.testing.assert_close(loss, -adv.mean())
    assert stats["clip_fraction"] == 0.0
    assert set(stats) == {"policy_loss", "value_loss", "entropy", "clip_fraction"}
