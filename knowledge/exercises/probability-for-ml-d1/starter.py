"""Moments of discrete random variables and conditional probability, in plain Python."""


def expectation(values, probs):
    """E[X] = Σ p_i x_i, where X takes values[i] with probability probs[i]."""
    # TODO
    raise NotImplementedError("TODO: expectation")


def variance(values, probs):
    """Var[X] = E[(X − E[X])²], weighted by the same probabilities."""
    # TODO: reuse expectation
    raise NotImplementedError("TODO: variance")


def bernoulli_moments(p):
    """(mean, variance) of a Bernoulli(p) variable: 1 with probability p, else 0."""
    # TODO: work it out from the definitions above
    raise NotImplementedError("TODO: bernoulli_moments")


def conditional(joint, a, b):
    """P(A = a | B = b) from a joint table {(a, b): P(A = a, B = b)}."""
    # TODO: P(B = b) is the sum of the joint over every a
    raise NotImplementedError("TODO: conditional")
