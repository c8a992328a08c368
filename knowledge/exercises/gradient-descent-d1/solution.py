"""Gradient descent on L(θ) = (θ − 3)², in plain Python."""


def gradient(theta):
    """dL/dθ = 2 (θ − 3)."""
    return 2 * (theta - 3)


def step(theta, lr):
    """One update θ ← θ − lr · dL/dθ."""
    return theta - lr * gradient(theta)


def run(theta0, lr, n):
    """[θ0, θ1, …, θn] after n updates."""
    thetas = [theta0]
    for _ in range(n):
        thetas.append(step(thetas[-1], lr))
    return thetas


def converges(lr):
    """One step maps θ − 3 to (1 − 2 lr)(θ − 3): it shrinks exactly when |1 − 2 lr| < 1."""
    return abs(1 - 2 * lr) < 1
