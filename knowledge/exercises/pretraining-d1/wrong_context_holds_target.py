"""Mistake: the context runs up to and including the target, so the model sees the answer."""

import math


def next_token_pairs(tokens):
    """All (context, target) examples of one sequence: context is the list of tokens before target."""
    return [(list(tokens[: i + 1]), tokens[i]) for i in range(1, len(tokens))]


def average_nll(target_probs):
    """Mean of -ln p over the probabilities the model gave to the true next tokens."""
    return -sum(math.log(p) for p in target_probs) / len(target_probs)


def perplexity(target_probs):
    """exp of the mean negative log-likelihood."""
    return math.exp(average_nll(target_probs))


def uniform_loss(vocab_size):
    """The loss when every token of the vocabulary gets probability 1 / vocab_size."""
    return math.log(vocab_size)
