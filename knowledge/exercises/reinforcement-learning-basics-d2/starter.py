"""Value iteration with the model, Q-learning from samples, on small finite environments."""

import torch  # noqa: F401


def value_iteration(P, R, gamma, tol=1e-8):
    """P (S, A, S) transition probabilities, R (S, A) expected rewards.

    Returns (V (S,), policy (S,) long): the optimal values and the greedy action of each state.
    """
    # TODO: V = 0; repeat Q = R + gamma * P @ V, V_new = max over actions, until |V_new - V| <= tol
    raise NotImplementedError("TODO: value iteration")


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One Q-learning step; returns a new table, the input Q is unchanged."""
    raise NotImplementedError("TODO: target = r (if done) or r + gamma max Q[s_next]; move a fraction alpha")


def q_learning(n_states, n_actions, experience, alpha, gamma, sweeps):
    """Q-learning on a log of (s, a, r, s_next, done) transitions, replayed in order sweeps times."""
    raise NotImplementedError("TODO: start from zeros and apply q_learning_update")
