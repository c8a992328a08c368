"""Mistake: the velocity is an average, v ← μ v + (1 − μ) g, so its long-run step is lr · g."""


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
        v = mu * v + (1 - mu) * g
        thetas.append(thetas[-1] - lr * v)
    return thetas


def terminal_step(lr, mu, g):
    return lr * g
