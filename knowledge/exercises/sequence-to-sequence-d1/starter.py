"""The decoder side of an encoder-decoder, by hand: teacher forcing and greedy decoding."""

import math  # noqa: F401  (you will need math.log)


def teacher_forcing_pair(target, bos, eos):
    """Return (decoder_inputs, decoder_targets) for one target sequence (a list of tokens).

    At step t the decoder reads decoder_inputs[t] and must predict decoder_targets[t].
    """
    raise NotImplementedError("TODO: shift the target by one, with bos in front and eos at the end")


def greedy_decode(next_token_probs, bos, eos, max_len):
    """Generate an output by always picking the most probable next token.

    next_token_probs[prev] is a dict {token: probability}: the decoder's distribution for the
    next token after `prev`, for one fixed encoded input. Start from bos; stop when eos is
    picked (eos is not returned) or when max_len tokens have been produced.
    """
    raise NotImplementedError("TODO: greedy decoding")


def sequence_log_prob(next_token_probs, output, bos, eos):
    """Natural log of the probability that the decoder produces `output` and then stops (eos)."""
    raise NotImplementedError("TODO: sum the log-probabilities along the chain")
