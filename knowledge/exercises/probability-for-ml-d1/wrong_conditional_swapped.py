"""Mistake: the conditional divides by P(A = a) instead of P(B = b), giving P(B = b | A = a)."""


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
    p_a = sum(p for (a_, _), p in joint.items() if a_ == a)
    return joint.get((a, b), 0.0) / p_a
