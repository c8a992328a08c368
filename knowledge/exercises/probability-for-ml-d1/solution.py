"""Moments of discrete random variables and conditional probability, in plain Python."""


def expectation(values, probs):
    """E[X] = Σ p_i x_i."""
    return sum(p * x for x, p in zip(values, probs, strict=True))


def variance(values, probs):
    """Var[X] = E[(X − E[X])²], weighted by probs."""
    mean = expectation(values, probs)
    return sum(p * (x - mean) ** 2 for x, p in zip(values, probs, strict=True))


def bernoulli_moments(p):
    """(mean, variance) of a Bernoulli(p) variable."""
    return p, p * (1 - p)


def conditional(joint, a, b):
    """P(A = a | B = b) = P(A = a, B = b) / P(B = b), joint: {(a, b): probability}."""
    p_b = sum(p for (_, b_), p in joint.items() if b_ == b)
    return joint.get((a, b), 0.0) / p_b
