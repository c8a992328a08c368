import torch
from exercise import q_learning, q_learning_update, value_iteration

UP, DOWN, LEFT, RIGHT = range(4)


def _grid(rows=2, cols=3, slip=0.0):
    """A small grid; the last cell is a terminal goal. Each move costs 0.04, reaching the goal pays 1.

    With slip > 0 an action is replaced, with that probability, by a move in a random direction.
    """
    S, goal = rows * cols, rows * cols - 1
    P = torch.zeros(S, 4, S, dtype=torch.float64)
    R = torch.zeros(S, 4, dtype=torch.float64)

    def move(s, a):
        r, c = divmod(s, cols)
        r, c = [(max(r - 1, 0), c), (min(r + 1, rows - 1), c), (r, max(c - 1, 0)), (r, min(c + 1, cols - 1))][
            a
        ]
        return r * cols + c

    for s in range(S):
        for a in range(4):
            if s == goal:
                P[s, a, s] = 1.0
                continue
            P[s, a, move(s, a)] += 1.0 - slip
            for other in range(4):
                P[s, a, move(s, other)] += slip / 4
            R[s, a] = -0.04 + (P[s, a, goal] * 1.0)
    return P, R, move, goal


def _policy_values(P, R, policy, gamma):
    """V of a fixed policy: solve (I - gamma P_pi) V = R_pi."""
    S = P.shape[0]
    P_pi, R_pi = P[torch.arange(S), policy], R[torch.arange(S), policy]
    return torch.linalg.solve(torch.eye(S, dtype=P.dtype) - gamma * P_pi, R_pi)


def test_values_solve_the_bellman_equation_of_the_greedy_policy():
    torch.manual_seed(0)
    P, R, _, _ = _grid(slip=0.2)
    V, policy = value_iteration(P, R, gamma=0.9)
    assert policy.dtype == torch.long and policy.shape == (6,)
    torch.testing.assert_close(
        V,
        _policy_values(P, R, policy, 0.9),
        atol=1e-6,
        rtol=1e-6,
        msg="V is not the value of its own greedy policy: take the max over actions, not the mean",
    )


def test_no_policy_does_better_than_value_iteration():
    torch.manual_seed(1)
    P, R, _, _ = _grid(slip=0.1)
    V, _ = value_iteration(P, R, gamma=0.95)
    for _ in range(20):
        other = torch.randint(0, 4, (6,))
        assert (_policy_values(P, R, other, 0.95) <= V + 1e-6).all(), (
            "a random policy has higher values than yours: V must be the optimum (max over actions)"
        )


def test_greedy_policy_heads_for_the_goal():
    P, R, move, goal = _grid()
    _, policy = value_iteration(P, R, gamma=0.9)
    s, path = 0, []
    while s != goal and len(path) < 6:
        s = move(s, policy[s].item())
        path.append(s)
    assert s == goal and len(path) == 3, (
        f"from the start the greedy policy walks {path}; the shortest route is 3 moves"
    )


def test_terminal_step_does_not_bootstrap():
    torch.manual_seed(2)
    Q = torch.rand(3, 2, dtype=torch.float64) * 10  # the terminal state's row holds junk
    new = q_learning_update(Q, s=0, a=0, r=1.0, s_next=2, done=True, alpha=1.0, gamma=0.9)
    assert new[0, 0].item() == 1.0, (
        f"Q[0, 0] = {new[0, 0].item():.3f}: after the last step of an episode the target is just r"
    )
    assert torch.equal(new[1:], Q[1:]), "only Q[s, a] changes"


def test_update_moves_a_fraction_alpha_towards_the_target():
    Q = torch.tensor([[2.0, 0.0], [1.0, 3.0]], dtype=torch.float64)
    new = q_learning_update(Q, s=0, a=0, r=0.5, s_next=1, done=False, alpha=0.25, gamma=0.9)
    target = 0.5 + 0.9 * 3.0
    torch.testing.assert_close(new[0, 0], torch.tensor(2.0 + 0.25 * (target - 2.0), dtype=torch.float64))


def test_q_learning_from_a_log_reaches_the_optimal_values():
    torch.manual_seed(3)
    P, R, move, goal = _grid()
    gamma = 0.9
    V, _ = value_iteration(P, R, gamma)
    experience = []
    for s in range(6):
        if s != goal:
            for a in range(4):
                nxt = move(s, a)
                experience.append((s, a, R[s, a].item(), nxt, nxt == goal))
    Q = q_learning(6, 4, experience, alpha=0.5, gamma=gamma, sweeps=200)
    Q_star = R + gamma * P @ V
    for s in range(5):
        torch.testing.assert_close(
            Q[s],
            Q_star[s],
            atol=1e-4,
            rtol=1e-4,
            msg=f"Q-learning's values of state {s} differ from the optimal Q = R + gamma P V*",
        )
