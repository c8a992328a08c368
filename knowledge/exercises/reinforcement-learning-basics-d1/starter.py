"""The agent-environment loop on a table of transitions, and the discounted return."""


def rollout(transitions, policy, start, max_steps):
    """Run one episode: [(state, action, reward), ...] until done or max_steps steps.

    transitions[(state, action)] = (next_state, reward, done); policy[state] = action.
    """
    raise NotImplementedError("TODO: act, record (s, a, r), move to the next state, stop when done")


def discounted_return(rewards, gamma):
    """r0 + gamma r1 + gamma^2 r2 + ..."""
    raise NotImplementedError("TODO: the discounted sum")


def returns_to_go(rewards, gamma):
    """[G_0, G_1, ...] with G_t = r_t + gamma G_{t+1}."""
    raise NotImplementedError("TODO: go backwards from the last reward")
