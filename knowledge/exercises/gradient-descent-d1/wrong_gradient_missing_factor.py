"""Mistake: the derivative of (θ − 3)² is taken as θ − 3, dropping the factor 2."""


def gradient(theta):
    """dL/dθ = 2 (θ − 3)."""
    return theta - 3


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
    return abs(1 - lr) < 1
