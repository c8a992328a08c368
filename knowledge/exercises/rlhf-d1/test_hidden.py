import math

from exercise import kl_penalties, sequence_reward, token_rewards

POLICY, REF = [-1.0, -2.0, -0.5], [-1.5, -2.0, -1.0]


def _close(a, b):
    return len(a) == len(b) and all(math.isclose(x, y, abs_tol=1e-12) for x, y in zip(a, b, strict=True))


def test_tokens_the_policy_favours_more_than_the_reference_are_penalised():
    got = kl_penalties(POLICY, REF, beta=0.1)
    assert _close(got, [-0.05, 0.0, -0.05]), (
        f"got {got}: log pi - log pi_ref is 0.5, 0, 0.5, and the penalty is -beta times that"
    )


def test_the_score_arrives_on_the_last_token_only():
    got = token_rewards(2.0, POLICY, REF, beta=0.1)
    assert _close(got, [-0.05, 0.0, 1.95]), (
        f"got {got}: the reward model scores the finished response once, on its last token"
    )


def test_sequence_reward_subtracts_beta_times_the_log_ratio_sum():
    got = sequence_reward(2.0, POLICY, REF, beta=0.1)
    assert math.isclose(got, 2.0 - 0.1 * 1.0), f"got {got}, expected 2 - 0.1 * (0.5 + 0 + 0.5) = 1.9"


def test_drifting_further_from_the_reference_costs_more():
    near = sequence_reward(1.0, [-1.0, -1.0], [-1.2, -1.2], beta=0.5)
    far = sequence_reward(1.0, [-0.1, -0.1], [-3.0, -3.0], beta=0.5)
    assert far < near < 1.0, (
        f"{far:.2f} (far) vs {near:.2f} (near): a policy that puts much more mass on a response "
        "than the reference does must pay a larger penalty"
    )
