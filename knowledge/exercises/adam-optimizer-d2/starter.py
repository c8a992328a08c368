"""Adam with bias correction, with an L2 penalty (Adam) or decoupled weight decay (AdamW)."""

import torch  # noqa: F401


def adam_step(param, grad, m, v, t, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False):
    """Adam's step number t (counting from 1); returns new tensors (param, m, v).

    decoupled=False: weight_decay is an L2 penalty added to the gradient (torch.optim.Adam).
    decoupled=True: param is first multiplied by (1 − lr · weight_decay) (torch.optim.AdamW).
    """
    # TODO
    raise NotImplementedError("TODO: adam_step")
