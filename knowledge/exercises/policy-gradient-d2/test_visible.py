import torch
from exercise import reinforce_loss, returns_to_go, score_function_grads


def test_returns_to_go_of_a_short_episode():
    torch.manual_seed(0)
    G = returns_to_go(torch.tensor([1.0, 1.0, 1.0]), gamma=0.5)
    torch.testing.assert_close(G, torch.tensor([1.75, 1.5, 1.0]))


def test_shapes():
    torch.manual_seed(0)
    logits, actions, returns = torch.randn(5, 3), torch.randint(0, 3, (5,)), torch.randn(5)
    assert reinforce_loss(logits, actions, returns).dim() == 0
    assert score_function_grads(logits, actions, returns).shape == (5, 3)


def test_zero_advantage_gives_zero_gradient():
    torch.manual_seed(0)
    logits, actions = torch.randn(4, 3), torch.randint(0, 3, (4,))
    grads = score_function_grads(logits, actions, torch.full((4,), 2.0), baseline=2.0)
    torch.testing.assert_close(grads, torch.zeros(4, 3))
