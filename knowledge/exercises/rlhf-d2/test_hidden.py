import torch
import torch.nn.functional as F
from exercise import categorical_kl, kl_regularized_objective, optimal_policy, per_token_rewards


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_padded_responses_get_their_score_on_their_last_token():
    torch.manual_seed(0)
    logp, ref = torch.randn(2, 5) - 1, torch.randn(2, 5) - 1
    mask = torch.tensor([[True, True, True, False, False], [True, True, True, True, True]])
    scores = torch.tensor([1.5, -0.5])
    got = per_token_rewards(scores, logp, ref, mask, beta=0.2)
    expected = torch.where(mask, -0.2 * (logp - ref), torch.zeros(2, 5))
    expected[0, 2] += 1.5
    expected[1, 4] += -0.5
    _check(got, expected, "the score goes on each row's last response token; padding gets 0")


def test_kl_matches_torch_kl_div():
    torch.manual_seed(1)
    logits, ref_logits = torch.randn(3, 6), torch.randn(3, 6)
    expected = F.kl_div(
        F.log_softmax(ref_logits, -1), F.log_softmax(logits, -1), log_target=True, reduction="none"
    ).sum(-1)
    _check(
        categorical_kl(logits, ref_logits),
        expected,
        "KL(pi || pi_ref) = sum pi (log pi - log pi_ref), with pi the policy; is it reversed?",
    )


def test_objective_is_expected_reward_minus_beta_kl():
    torch.manual_seed(2)
    logits, ref_logits, rewards = torch.randn(4), torch.randn(4), torch.randn(4)
    pi, log_pi, log_ref = torch.softmax(logits, -1), F.log_softmax(logits, -1), F.log_softmax(ref_logits, -1)
    expected = (pi * rewards).sum() - 0.3 * (pi * (log_pi - log_ref)).sum()
    _check(
        kl_regularized_objective(logits, ref_logits, rewards, 0.3),
        expected,
        "J = sum pi r - beta KL(pi || pi_ref)",
    )


def _maximise(ref_logits, rewards, beta, steps=2000, lr=0.05):
    """Gradient ascent on J written out here, from the reference policy."""
    logits = ref_logits.clone().requires_grad_(True)
    log_ref = F.log_softmax(ref_logits, -1)
    opt = torch.optim.Adam([logits], lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        log_pi = F.log_softmax(logits, -1)
        J = (log_pi.exp() * rewards).sum() - beta * (log_pi.exp() * (log_pi - log_ref)).sum()
        (-J).backward()
        opt.step()
    return torch.softmax(logits.detach(), -1)


def test_closed_form_matches_gradient_ascent_on_the_objective():
    torch.manual_seed(3)
    ref_logits, rewards = torch.randn(5), torch.randn(5)
    for beta in (0.5, 2.0):
        _check(
            optimal_policy(ref_logits, rewards, beta),
            _maximise(ref_logits, rewards, beta),
            f"beta={beta}: pi* should be pi_ref exp(r / beta) / Z, the maximiser of J",
        )


def test_beta_moves_the_optimum_between_the_reference_and_the_argmax():
    torch.manual_seed(4)
    ref_logits, rewards = torch.randn(6), torch.randn(6)
    near_ref = optimal_policy(ref_logits, rewards, beta=100.0)
    greedy = optimal_policy(ref_logits, rewards, beta=0.01)
    assert (near_ref - torch.softmax(ref_logits, -1)).abs().max() < 0.02, (
        "a large beta must keep pi* close to pi_ref"
    )
    assert greedy[rewards.argmax()] > 0.99, (
        "a tiny beta must put almost all mass on the best-rewarded response"
    )
