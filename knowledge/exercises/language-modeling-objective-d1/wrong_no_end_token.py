"""Mistake: the model is never asked to predict the end of the sentence."""

import math


def next_token_targets(tokens, eos):
    """(context, target) pairs: each token predicted from the tokens before it, then eos."""
    full = list(tokens)
    return [(tuple(full[:t]), full[t]) for t in range(len(full))]


def sentence_nll(model, tokens, eos):
    """−log P(sentence) = −Σ_t log P(target_t | context_t), natural log."""
    return -sum(math.log(model[context][target]) for context, target in next_token_targets(tokens, eos))


def average_nll(model, tokens, eos):
    """The loss per predicted token: the sentence's NLL divided by the number of predictions."""
    return sentence_nll(model, tokens, eos) / (len(tokens) + 1)


def perplexity(model, tokens, eos):
    """exp of the average NLL: the number of equally likely choices the model is as unsure as."""
    return math.exp(average_nll(model, tokens, eos))
