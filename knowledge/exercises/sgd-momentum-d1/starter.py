"""Mini-batch gradient estimates and SGD with momentum, in plain Python."""


def minibatch_gradients(w, data, batch_size):
    """For L(w) = mean over data of ½ (w − x)², the gradient on each consecutive batch.

    Batches are data[0:batch_size], data[batch_size:2*batch_size], ...; on a batch the gradient
    is w − mean(batch). Returns a list with one gradient per batch.
    """
    # TODO
    raise NotImplementedError("TODO: minibatch_gradients")


def momentum_run(theta0, grads, lr, mu):
    """SGD with momentum (PyTorch's form): v ← μ v + g, then θ ← θ − lr · v; v starts at 0.

    grads[t] is the gradient used at step t. Returns [θ0, θ1, ..., θ_len(grads)].
    """
    # TODO
    raise NotImplementedError("TODO: momentum_run")


def terminal_step(lr, mu, g):
    """The long-run step size θ_t − θ_{t+1} when the gradient is g at every step."""
    # TODO: sum the geometric series that v becomes
    raise NotImplementedError("TODO: terminal_step")
