import math

import torch
import torch.nn.functional as F
from exercise import dpo_loss, sequence_log_probs


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _batch(seed, n=6):
    torch.manual_seed(seed)
    return [torch.randn(n) * 3 - 20 for _ in range(4)]  # policy chosen/rejected, ref chosen/rejected


def _formula(pc, pr, rc, rr, beta):
    """-log sigmoid(z) = log(1 + exp(-z)) = softplus(-z)."""
    z = beta * ((pc - rc) - (pr - rr))
    return F.softplus(-z).mean()


def test_loss_matches_the_formula():
    for seed, beta in [(0, 0.1), (1, 0.5), (2, 2.0)]:
        pc, pr, rc, rr = _batch(seed)
        loss, _, _ = dpo_loss(pc, pr, rc, rr, beta=beta)
        _check(loss, _formula(pc, pr, rc, rr, beta), f"DPO loss with beta={beta}")


def test_preferring_the_chosen_answer_lowers_the_loss():
    pc, pr, rc, rr = _batch(3)
    pc = pc.clone().requires_grad_(True)
    pr = pr.clone().requires_grad_(True)
    loss, _, _ = dpo_loss(pc, pr, rc, rr, beta=0.1)
    loss.backward()
    assert (pc.grad < 0).all(), "raising the chosen log-prob must lower the loss (check the sign)"
    assert (pr.grad > 0).all(), "raising the rejected log-prob must raise the loss"
    better, _, _ = dpo_loss(rc + 1.0, rr - 1.0, rc, rr, beta=0.1)
    assert better < math.log(2), (
        "a policy that favours the chosen answer more than the reference does must beat log 2"
    )


def test_beta_scales_the_margin_inside_the_sigmoid():
    pc, pr, rc, rr = _batch(4)
    margin = (pc - rc) - (pr - rr)
    for beta in (0.05, 1.0):
        loss, _, _ = dpo_loss(pc, pr, rc, rr, beta=beta)
        _check(loss, -F.logsigmoid(beta * margin).mean(), f"beta={beta} multiplies the margin, not the loss")


def test_the_reference_model_enters_through_log_ratios():
    pc, pr, _, _ = _batch(5)
    loss, _, _ = dpo_loss(pc, pr, pc, pr, beta=0.3)
    _check(loss, torch.tensor(math.log(2)), "when the policy equals the reference the loss is log 2")
    rc, rr = pc + 2.0, pr - 1.0
    loss, _, _ = dpo_loss(pc, pr, rc, rr, beta=0.3)
    _check(loss, _formula(pc, pr, rc, rr, 0.3), "log-ratios are policy - reference for each answer")


def test_rewards_are_detached_log_ratios_times_beta():
    pc, pr, rc, rr = _batch(6)
    pc.requires_grad_(True)
    _, chosen_rewards, rejected_rewards = dpo_loss(pc, pr, rc, rr, beta=0.2)
    _check(chosen_rewards, 0.2 * (pc - rc).detach(), "chosen reward = beta * (policy - reference)")
    _check(rejected_rewards, 0.2 * (pr - rr), "rejected reward = beta * (policy - reference)")
    assert not chosen_rewards.requires_grad, "detach the rewards; they are for logging"


def test_large_margins_stay_finite():
    pc, pr, rc, rr = (
        torch.tensor([-10.0, -900.0]),
        torch.tensor([-900.0, -10.0]),
        torch.zeros(2),
        torch.zeros(2),
    )
    loss, _, _ = dpo_loss(pc, pr, rc, rr, beta=1.0)
    assert torch.isfinite(loss), "use F.logsigmoid, not log(sigmoid(.)), which underflows"
    _check(loss, _formula(pc, pr, rc, rr, 1.0), "large margins")


def test_sequence_log_probs_sums_only_the_response_tokens():
    torch.manual_seed(7)
    logits, labels = torch.randn(3, 6, 10), torch.randint(0, 10, (3, 6))
    mask = torch.tensor([[0, 0, 1, 1, 1, 0], [0, 1, 1, 1, 1, 1], [0, 0, 0, 1, 0, 0]], dtype=torch.bool)
    logp = torch.log_softmax(logits, dim=-1)
    expected = torch.stack([sum(logp[b, t, labels[b, t]] for t in range(6) if mask[b, t]) for b in range(3)])
    _check(
        sequence_log_probs(logits, labels, mask),
        expected,
        "sum (not mean) of log p(label) over masked tokens",
    )
