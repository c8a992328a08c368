import torch
from exercise import categorical_kl, kl_regularized_objective, optimal_policy, per_token_rewards


def test_rewards_of_one_full_response():
    torch.manual_seed(0)
    logp = ref = torch.randn(1, 3)
    rewards = per_token_rewards(torch.tensor([2.0]), logp, ref, torch.ones(1, 3, dtype=torch.bool), beta=0.1)
    torch.testing.assert_close(rewards, torch.tensor([[0.0, 0.0, 2.0]]))


def test_kl_of_a_policy_with_itself_is_zero():
    torch.manual_seed(0)
    logits = torch.randn(4, 5)
    torch.testing.assert_close(categorical_kl(logits, logits), torch.zeros(4))


def test_optimal_policy_is_a_distribution():
    torch.manual_seed(0)
    pi = optimal_policy(torch.randn(5), torch.randn(5), beta=0.5)
    assert pi.shape == (5,) and (pi >= 0).all()
    torch.testing.assert_close(pi.sum(), torch.tensor(1.0))
    assert kl_regularized_objective(torch.randn(5), torch.randn(5), torch.randn(5), 0.5).dim() == 0
