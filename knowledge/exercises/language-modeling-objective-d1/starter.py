"""A sentence as a chain of next-token predictions: its loss and perplexity, in plain Python.

A language model here is a dict: model[context] is the distribution {next_token: probability}
after the tuple of tokens `context` (the empty tuple () at the start of a sentence).
"""

import math  # noqa: F401  (you will need math.log and math.exp)


def next_token_targets(tokens, eos):
    """The training pairs of one sentence, as a list of (context, target): every token is the
    target of the tuple of tokens before it, and finally eos is the target of the whole sentence.
    """
    raise NotImplementedError("TODO: next_token_targets")


def sentence_nll(model, tokens, eos):
    """−log P(tokens followed by eos), natural log, by the chain rule over next_token_targets."""
    raise NotImplementedError("TODO: sentence_nll")


def average_nll(model, tokens, eos):
    """The sentence's NLL divided by the number of predictions it is made of."""
    raise NotImplementedError("TODO: average_nll")


def perplexity(model, tokens, eos):
    """exp of the average NLL."""
    raise NotImplementedError("TODO: perplexity")
