"""A multilayer perceptron on plain lists: linear layers with relu in between."""


def linear(x, W, b):
    """Output i is sum_j W[i][j] * x[j] + b[i]; W has one row per output neuron."""
    raise NotImplementedError("TODO: one linear layer")


def mlp_forward(x, layers):
    """layers: a list of (W, b). relu after every layer except the last one."""
    raise NotImplementedError("TODO: apply the layers in order")


def count_parameters(sizes):
    """sizes = [input width, layer 1 width, ..., output width]; weights and biases."""
    raise NotImplementedError("TODO: count the parameters")
