import math

from exercise import discounted_return, returns_to_go, rollout

# a corridor 0 - 1 - 2: moving right from 1 reaches the goal
CORRIDOR = {
    (0, "right"): (1, 0.0, False),
    (1, "right"): (2, 1.0, True),
    (0, "left"): (0, 0.0, False),
    (1, "left"): (0, 0.0, False),
}


def test_walk_to_the_goal():
    steps = rollout(CORRIDOR, {0: "right", 1: "right"}, start=0, max_steps=10)
    assert steps == [(0, "right", 0.0), (1, "right", 1.0)]


def test_return_by_hand():
    assert math.isclose(discounted_return([0, 0, 1], 0.9), 0.81)


def test_returns_to_go_of_one_reward():
    assert returns_to_go([2.0], 0.5) == [2.0]
