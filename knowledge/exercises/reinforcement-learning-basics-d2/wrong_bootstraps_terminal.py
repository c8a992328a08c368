"""Mistake: the target always adds gamma max Q[s_next], even after the last step."""

import torch


def value_iteration(P, R, gamma, tol=1e-8):
    """P (S, A, S) transition probabilities, R (S, A) expected rewards.

    Returns (V (S,), policy (S,) long): the optimal values and the greedy action of each state.
    """
    V = torch.zeros(P.shape[0], dtype=R.dtype)
    for _ in range(100_000):
        Q = R + gamma * P @ V  # (S, A)
        V_new = Q.max(dim=1).values
        done = (V_new - V).abs().max() <= tol
        V = V_new
        if done:
            break
    Q = R + gamma * P @ V
    return V, Q.argmax(dim=1)


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One Q-learning step; returns a new table, the input Q is unchanged."""
    target = r + gamma * Q[s_next].max().item()
    Q = Q.clone()
    Q[s, a] += alpha * (target - Q[s, a])
    return Q


def q_learning(n_states, n_actions, experience, alpha, gamma, sweeps):
    """Q-learning on a log of (s, a, r, s_next, done) transitions, replayed in order sweeps times."""
    Q = torch.zeros(n_states, n_actions, dtype=torch.float64)
    for _ in range(sweeps):
        for s, a, r, s_next, done in experience:
            Q = q_learning_update(Q, s, a, r, s_next, done, alpha, gamma)
    return Q
