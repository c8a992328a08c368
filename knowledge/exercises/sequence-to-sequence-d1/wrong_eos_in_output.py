"""Mistake: the end token is appended to the output before stopping."""

import math


def teacher_forcing_pair(target, bos, eos):
    """(decoder inputs, decoder targets): [bos] + target and target + [eos]."""
    return [bos, *target], [*target, eos]


def greedy_decode(next_token_probs, bos, eos, max_len):
    """Pick the most probable next token until eos (not returned) or max_len tokens.

    next_token_probs[prev] is the decoder's distribution {token: probability} after `prev`,
    for one fixed encoded input.
    """
    out, prev = [], bos
    while len(out) < max_len:
        probs = next_token_probs[prev]
        prev = max(probs, key=probs.get)
        out.append(prev)
        if prev == eos:
            break
    return out


def sequence_log_prob(next_token_probs, output, bos, eos):
    """log P(output, then eos): the sum of log P(y_t | y_{t-1}) along the chain."""
    tokens = [bos, *output, eos]
    return sum(math.log(next_token_probs[a][b]) for a, b in zip(tokens, tokens[1:], strict=False))
