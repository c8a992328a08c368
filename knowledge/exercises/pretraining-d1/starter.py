"""The next-token objective of pretraining, in plain Python."""

import math  # noqa: F401  (you will need math.log and math.exp)


def next_token_pairs(tokens):
    """All (context, target) examples of one sequence: context is the list of tokens before target."""
    raise NotImplementedError("TODO: one pair per position after the first")


def average_nll(target_probs):
    """Mean of -ln p over the probabilities the model gave to the true next tokens."""
    raise NotImplementedError("TODO: the mean negative log-likelihood")


def perplexity(target_probs):
    """exp of the mean negative log-likelihood."""
    raise NotImplementedError("TODO: exp of average_nll")


def uniform_loss(vocab_size):
    """The loss when every token of the vocabulary gets probability 1 / vocab_size."""
    raise NotImplementedError("TODO: the loss of a uniform guess")
