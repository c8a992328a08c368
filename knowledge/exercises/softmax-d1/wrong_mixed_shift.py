"""Mistake: the numerators are shifted by the max, but the sum uses the unshifted exponentials."""

import math


def softmax(logits):
    top = max(logits)
    total = sum(math.exp(z) for z in logits)
    return [math.exp(z - top) / total for z in logits]
