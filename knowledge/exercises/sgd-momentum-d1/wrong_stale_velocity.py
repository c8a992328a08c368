"""Mistake: θ moves with the previous velocity, and v is updated after the step."""


def minibatch_gradients(w, data, batch_size):
    """dL/dw = w − mean(batch) for L = mean ½ (w − x)², on each consecutive batch."""
    grads = []
    for i in range(0, len(data), batch_size):
        batch = data[i : i + batch_size]
        grads.append(w - sum(batch) / len(batch))
    return grads


def momentum_run(theta0, grads, lr, mu):
    """v ← μ v + g, θ ← θ − lr v from v = 0 -> [θ0, θ1, …]."""
    thetas, v = [theta0], 0.0
    for g in grads:
        thetas.append(thetas[-1] - lr * v)
        v = mu * v + g
    return thetas


def terminal_step(lr, mu, g):
    """With a constant gradient, v → g (1 + μ + μ² + …) = g / (1 − μ), so a step is lr g / (1 − μ)."""
    return lr * g / (1 - mu)
