"""Mistake: relu after every layer, the last one too, so no logit can be negative."""


def linear(x, W, b):
    """W has one row per output neuron (out_features x in_features), as nn.Linear."""
    return [sum(w * v for w, v in zip(row, x, strict=True)) + bias for row, bias in zip(W, b, strict=True)]


def mlp_forward(x, layers):
    for _i, (W, b) in enumerate(layers):
        x = linear(x, W, b)
        x = [max(0.0, v) for v in x]
    return x


def count_parameters(sizes):
    return sum(
        (n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False)
    )  # weights and biases
