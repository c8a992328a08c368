import math

from exercise import discounted_return, returns_to_go, rollout

GRID = {  # states 0..3 on a line, 3 is the goal; every move costs 0.1
    (0, "right"): (1, -0.1, False),
    (1, "right"): (2, -0.1, False),
    (2, "right"): (3, 1.0, True),
    (0, "stay"): (0, -0.1, False),
    (1, "stay"): (1, -0.1, False),
    (2, "stay"): (2, -0.1, False),
    (3, "right"): (3, 5.0, False),  # never reached: the episode is over at 3
}


def test_episode_ends_when_the_environment_says_done():
    policy = {0: "right", 1: "right", 2: "right", 3: "right"}
    steps = rollout(GRID, policy, start=0, max_steps=10)
    assert [s for s, _, _ in steps] == [0, 1, 2], (
        f"visited {[s for s, _, _ in steps]}: stop as soon as a step returns done=True"
    )
    assert [r for _, _, r in steps] == [-0.1, -0.1, 1.0]


def test_max_steps_cuts_an_endless_episode():
    steps = rollout(GRID, {0: "stay"}, start=0, max_steps=4)
    assert steps == [(0, "stay", -0.1)] * 4


def test_first_reward_is_not_discounted():
    assert math.isclose(discounted_return([1.0], 0.5), 1.0), "G = r0 + gamma r1 + ...: r0 has weight 1"
    assert math.isclose(discounted_return([-0.1, -0.1, 1.0], 0.9), -0.1 - 0.09 + 0.81)


def test_gamma_zero_and_one():
    rewards = [3.0, -1.0, 2.0, 4.0]
    assert math.isclose(discounted_return(rewards, 0.0), 3.0)
    assert math.isclose(discounted_return(rewards, 1.0), 8.0)


def test_returns_to_go_look_forward_from_each_step():
    got = returns_to_go([1.0, 0.0, 2.0], 0.5)
    expected = [1.0 + 0.5 * 0.0 + 0.25 * 2.0, 0.0 + 0.5 * 2.0, 2.0]
    assert all(math.isclose(g, e) for g, e in zip(got, expected, strict=True)), (
        f"got {got}, expected {expected}: G_t sums the rewards from step t to the end, so start at the last one"
    )
    assert math.isclose(got[0], discounted_return([1.0, 0.0, 2.0], 0.5))
