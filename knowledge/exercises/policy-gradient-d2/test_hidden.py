import torch
import torch.nn.functional as F
from exercise import reinforce_loss, returns_to_go, score_function_grads


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_each_step_is_credited_with_the_rewards_after_it():
    torch.manual_seed(0)
    rewards = torch.tensor([5.0, 0.0, 0.0, 1.0])
    expected = torch.tensor([5.0 + 0.9**3, 0.9**2, 0.9, 1.0])
    _check(
        returns_to_go(rewards, 0.9),
        expected,
        "G_t sums only the rewards from step t on; the 5 at t=0 is not credited to later steps",
    )


def test_loss_matches_cross_entropy_weighted_by_advantage():
    torch.manual_seed(1)
    logits, actions, returns = torch.randn(6, 4), torch.randint(0, 4, (6,)), torch.randn(6) * 3
    baseline = returns.mean()
    expected = ((returns - baseline) * F.cross_entropy(logits, actions, reduction="none")).mean()
    _check(
        reinforce_loss(logits, actions, returns, baseline),
        expected,
        "loss should be -mean((G - b) log pi(a)); cross_entropy is -log pi(a)",
    )


def test_loss_sign_for_a_positive_return():
    torch.manual_seed(2)
    logits = torch.zeros(1, 3)
    loss = reinforce_loss(logits, torch.tensor([1]), torch.tensor([2.0]))
    assert loss.item() > 0, (
        f"loss {loss.item():.3f} for a positive return: minimising -(G log pi) must raise pi(a); check the sign"
    )


def test_score_function_grads_match_autograd():
    torch.manual_seed(3)
    logits, actions, returns = torch.randn(5, 3), torch.randint(0, 3, (5,)), torch.randn(5)
    baseline = torch.randn(5)
    leaf = logits.clone().requires_grad_(True)
    log_pi = torch.log_softmax(leaf, dim=-1)[torch.arange(5), actions]
    ((returns - baseline) * log_pi).sum().backward()
    _check(
        score_function_grads(logits, actions, returns, baseline),
        leaf.grad,
        "per-sample gradients differ from autograd of (G - b) log pi(a); is the baseline subtracted?",
    )


def _bandit(seed, n=4000):
    """A 3-armed bandit with all rewards positive: arm means 1, 2, 3 plus noise."""
    torch.manual_seed(seed)
    logits = torch.zeros(n, 3)
    actions = torch.multinomial(torch.softmax(logits[0], -1), n, replacement=True)
    rewards = actions.float() + 1 + 0.1 * torch.randn(n)
    return logits, actions, rewards


def test_baseline_keeps_the_mean_gradient_and_cuts_the_variance():
    logits, actions, rewards = _bandit(4)
    plain = score_function_grads(logits, actions, rewards, baseline=0.0)
    based = score_function_grads(logits, actions, rewards, baseline=rewards.mean())
    # the true gradient at the uniform policy: pi_i (R_i - mean R) = (1/3)(i + 1 - 2)
    true = torch.tensor([-1 / 3, 0.0, 1 / 3])
    for name, grads, tol in (("with", based, 0.05), ("without", plain, 0.1)):
        error = (grads.mean(0) - true).abs().max().item()
        assert error < tol, (
            f"the mean gradient {name} a baseline is {error:.3f} off the true gradient: "
            "an action-independent baseline must not bias the estimate"
        )
    var_plain, var_based = plain.var(0).sum().item(), based.var(0).sum().item()
    assert var_based < 0.5 * var_plain, (
        f"total variance {var_based:.3f} with the mean-reward baseline vs {var_plain:.3f} without: "
        "subtracting b must shrink the spread of the estimates"
    )
