import torch
from exercise import gae, ppo_loss


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _closed_form(rewards, values, dones, last_value, gamma, lam):
    """A_t = sum_l (gamma lam)^l delta_{t+l}, stopping at the end of t's episode."""
    T = len(rewards)
    next_values = torch.cat([values[1:], torch.tensor([float(last_value)])])
    alive = 1.0 - dones.float()
    deltas = rewards + gamma * next_values * alive - values
    adv = torch.zeros(T)
    for t in range(T):
        for k in range(t, T):
            adv[t] += (gamma * lam) ** (k - t) * deltas[k]
            if dones[k]:
                break
    return adv


def test_gae_matches_the_closed_form_across_two_episodes():
    torch.manual_seed(0)
    rewards, values = torch.randn(7), torch.randn(7)
    dones = torch.tensor([False, False, True, False, False, False, False])
    adv, ret = gae(rewards, values, dones, last_value=0.7, gamma=0.9, lam=0.8)
    _check(
        adv,
        _closed_form(rewards, values, dones, 0.7, 0.9, 0.8),
        "advantages differ from sum_l (gamma lam)^l delta_{t+l}; do they leak across the episode end at t=2?",
    )
    _check(ret, adv + values, "returns are advantages + values")


def test_lambda_zero_is_the_td_error():
    torch.manual_seed(1)
    rewards, values = torch.randn(5), torch.randn(5)
    dones = torch.zeros(5, dtype=torch.bool)
    adv, _ = gae(rewards, values, dones, last_value=1.5, gamma=0.99, lam=0.0)
    next_values = torch.cat([values[1:], torch.tensor([1.5])])
    _check(adv, rewards + 0.99 * next_values - values, "with lambda = 0 each advantage is delta_t")


def test_lambda_one_is_the_return_minus_the_value():
    torch.manual_seed(2)
    rewards, values = torch.randn(6), torch.randn(6)
    dones = torch.tensor([False, True, False, False, False, True])
    adv, ret = gae(rewards, values, dones, last_value=4.0, gamma=0.9, lam=1.0)
    mc = torch.zeros(6)
    g = 0.0
    for t in reversed(range(6)):
        g = rewards[t] + (0.0 if dones[t] else 0.9 * g)
        mc[t] = g
    _check(ret, mc, "with lambda = 1 the returns are the discounted Monte Carlo returns of each episode")


def _inputs(seed, n=64):
    torch.manual_seed(seed)
    old = torch.randn(n) - 1
    new = old + 0.4 * torch.randn(n)
    return new, old, torch.randn(n), torch.randn(n), torch.randn(n), torch.rand(n) * 2


def test_policy_loss_takes_the_pessimistic_term():
    new, old, adv, values, returns, entropy = _inputs(3)
    _, stats = ppo_loss(new, old, adv, values, returns, entropy, clip_eps=0.1)
    r = torch.exp(new - old)
    expected = -torch.min(r * adv, r.clamp(0.9, 1.1) * adv).mean()
    assert abs(stats["policy_loss"] - expected.item()) < 1e-5, (
        f"policy_loss {stats['policy_loss']:.5f}, expected {expected.item():.5f}: "
        "use min(r A, clip(r) A) so a gain is capped and a loss is not"
    )


def test_total_loss_combines_the_three_terms():
    new, old, adv, values, returns, entropy = _inputs(4)
    loss, stats = ppo_loss(new, old, adv, values, returns, entropy, clip_eps=0.2, vf_coef=0.7, ent_coef=0.05)
    r = torch.exp(new - old)
    policy = -torch.min(r * adv, r.clamp(0.8, 1.2) * adv).mean()
    value = ((values - returns) ** 2).mean()
    _check(
        loss,
        policy + 0.7 * value - 0.05 * entropy.mean(),
        "loss = policy_loss + vf_coef * value_loss - ent_coef * mean(entropy): the entropy bonus is subtracted",
    )
    assert abs(stats["value_loss"] - value.item()) < 1e-5
    assert abs(stats["entropy"] - entropy.mean().item()) < 1e-6


def test_more_entropy_lowers_the_loss():
    new, old, adv, values, returns, entropy = _inputs(5)
    low, _ = ppo_loss(new, old, adv, values, returns, entropy)
    high, _ = ppo_loss(new, old, adv, values, returns, entropy + 1.0)
    assert high < low, "a more random policy must get a lower loss (the entropy bonus rewards exploration)"


def test_clip_fraction_counts_ratios_outside_the_range():
    torch.manual_seed(6)
    old = torch.zeros(5)
    new = torch.log(torch.tensor([1.0, 1.25, 0.7, 1.1, 2.0]))
    _, stats = ppo_loss(new, old, torch.ones(5), torch.zeros(5), torch.zeros(5), torch.zeros(5), clip_eps=0.2)
    assert abs(stats["clip_fraction"] - 0.6) < 1e-6, (
        f"clip_fraction {stats['clip_fraction']}: 3 of 5 ratios are outside [0.8, 1.2]"
    )
