"""Parameters reused and trained in fine-tuning, and why a good start needs few steps."""


def param_count(layer_sizes):
    """Weights and biases of the Linear layers sizes[0]->sizes[1]->...->sizes[-1]."""
    raise NotImplementedError("TODO: sum over the layers of (inputs x outputs + outputs)")


def trainable_params(layer_sizes, n_frozen):
    """Parameters still trained when the first n_frozen layers (nearest the input) are frozen."""
    raise NotImplementedError("TODO: count only the layers after the frozen ones")


def steps_to_converge(w0, w_star, lr, tol):
    """Gradient-descent updates on (w - w_star)**2 from w0 until |w - w_star| < tol."""
    # TODO: dL/dw = 2 (w - w_star); update w <- w - lr * dL/dw and count the updates
    raise NotImplementedError("TODO: count the updates")
