"""Mistake: the episode does not stop when the environment says done."""


def rollout(transitions, policy, start, max_steps):
    """Run one episode: [(state, action, reward), ...] until done or max_steps steps.

    transitions[(state, action)] = (next_state, reward, done); policy[state] = action.
    """
    steps, state = [], start
    for _ in range(max_steps):
        action = policy[state]
        next_state, reward, done = transitions[(state, action)]
        steps.append((state, action, reward))
        state = next_state
    return steps


def discounted_return(rewards, gamma):
    """r0 + gamma r1 + gamma^2 r2 + ..."""
    return sum(gamma**t * r for t, r in enumerate(rewards))


def returns_to_go(rewards, gamma):
    """[G_0, G_1, ...] with G_t = r_t + gamma G_{t+1}."""
    returns, g = [], 0.0
    for r in reversed(rewards):
        g = r + gamma * g
        returns.append(g)
    return returns[::-1]
