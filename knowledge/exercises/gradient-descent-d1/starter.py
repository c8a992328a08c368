"""Gradient descent on L(θ) = (θ − 3)², in plain Python."""


def gradient(theta):
    """dL/dθ of L(θ) = (θ − 3)² at theta."""
    # TODO
    raise NotImplementedError("TODO: gradient")


def step(theta, lr):
    """One gradient descent update with learning rate lr."""
    # TODO
    raise NotImplementedError("TODO: step")


def run(theta0, lr, n):
    """The list [θ0, θ1, …, θn]: the start and the n updates after it."""
    # TODO
    raise NotImplementedError("TODO: run")


def converges(lr):
    """True if gradient descent on this loss reaches the minimum from any start with this lr."""
    # TODO: write θ_{t+1} − 3 in terms of θ_t − 3
    raise NotImplementedError("TODO: converges")
