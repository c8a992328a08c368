"""Mistake: each token attends only to the other tokens, never to itself."""

import math


def _softmax(scores):
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return [e / sum(exps) for e in exps]


def attention(queries, keys, values):
    """(weights, outputs): weights[i][j] = softmax_j(q_i · k_j / sqrt(d)), outputs[i] = Σ_j weights[i][j] v_j."""
    d = len(queries[0])
    weights = [
        _softmax([sum(a * b for a, b in zip(q, k, strict=True)) / math.sqrt(d) for k in keys])
        for q in queries
    ]
    outputs = [
        [sum(w * v[c] for w, v in zip(row, values, strict=True)) for c in range(len(values[0]))]
        for row in weights
    ]
    return weights, outputs


def self_attention(X):
    """Every token of X attends to every token of X, itself included."""
    weights, _ = attention(X, X, X)
    for i, row in enumerate(weights):
        row[i] = 0.0
        total = sum(row)
        weights[i] = [w / total for w in row]
    outputs = [
        [sum(w * x[c] for w, x in zip(row, X, strict=True)) for c in range(len(X[0]))] for row in weights
    ]
    return weights, outputs


def cross_attention(X, Y):
    """The tokens of X (queries) attend to the tokens of Y (keys and values)."""
    return attention(X, Y, Y)
