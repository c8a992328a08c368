"""Mistake: exp is applied to the raw logits, which overflows for large ones."""

import math


def softmax(logits):
    exps = [math.exp(z) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]
