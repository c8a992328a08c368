import math

from exercise import grad_log_prob, reinforce_step, softmax


def _close(a, b):
    return all(math.isclose(x, y, abs_tol=1e-9) for x, y in zip(a, b, strict=True))


def test_softmax_of_unequal_logits():
    probs = softmax([1.0, 2.0, 0.0])
    z = math.e + math.e**2 + 1
    assert _close(probs, [math.e / z, math.e**2 / z, 1 / z])


def test_gradient_is_of_log_pi_not_pi():
    logits = [1.0, 2.0, 0.0]
    probs = softmax(logits)
    expected = [-probs[0], 1 - probs[1], -probs[2]]
    got = grad_log_prob(logits, action=1)
    assert _close(got, expected), (
        f"got {got}, expected onehot - pi = {expected}: this is d log pi(a)/d theta; "
        "multiplying by pi(a) gives the gradient of pi(a) instead"
    )


def test_step_by_hand_from_the_uniform_policy():
    got = reinforce_step([0.0, 0.0, 0.0], action=0, reward=3.0, lr=0.1)
    expected = [0.1 * 3 * 2 / 3, -0.1 * 3 / 3, -0.1 * 3 / 3]  # [0.2, -0.1, -0.1]
    assert _close(got, expected), f"got {got}, expected {expected}"


def test_a_rewarded_action_becomes_more_likely():
    logits = [0.5, -0.3, 0.1]
    before = softmax(logits)[2]
    after = softmax(reinforce_step(logits, action=2, reward=1.0, lr=0.5))[2]
    assert after > before, (
        f"pi(2) went from {before:.3f} to {after:.3f}: with a positive reward, step up the gradient (ascent)"
    )


def test_a_penalised_action_becomes_less_likely():
    logits = [0.5, -0.3, 0.1]
    before = softmax(logits)[0]
    after = softmax(reinforce_step(logits, action=0, reward=-2.0, lr=0.5))[0]
    assert after < before, f"pi(0) went from {before:.3f} to {after:.3f} after a negative reward"
