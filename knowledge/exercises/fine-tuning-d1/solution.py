"""Parameters reused and trained in fine-tuning, and why a good start needs few steps."""


def param_count(layer_sizes):
    """Weights and biases of the Linear layers sizes[0]->sizes[1]->...->sizes[-1]."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(layer_sizes, layer_sizes[1:], strict=False))


def trainable_params(layer_sizes, n_frozen):
    """Parameters still trained when the first n_frozen layers (nearest the input) are frozen."""
    return param_count(layer_sizes[n_frozen:])


def steps_to_converge(w0, w_star, lr, tol):
    """Gradient-descent updates on (w - w_star)**2 from w0 until |w - w_star| < tol."""
    w, steps = w0, 0
    while abs(w - w_star) >= tol:
        w -= lr * 2 * (w - w_star)
        steps += 1
    return steps
