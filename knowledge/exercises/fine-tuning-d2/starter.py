"""Fine-tuning a pretrained classifier: load, freeze, train the head, stop early."""

import torch  # noqa: F401
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401


class Classifier(nn.Module):
    def __init__(self, d_in, d_hidden, n_classes):
        """backbone = nn.Linear(d_in, d_hidden), then ReLU, then head = nn.Linear(d_hidden, n_classes)."""
        super().__init__()
        raise NotImplementedError("TODO: create backbone and head")

    def forward(self, x):
        raise NotImplementedError("TODO: head(relu(backbone(x)))")


def fine_tune(state_dict, X, y, lr, steps, freeze_backbone=True):
    """Load the pretrained weights, optionally freeze the backbone, run full-batch SGD.

    Returns (new_state_dict, losses): losses[i] is the training loss just before update i.
    """
    # TODO:
    # 1. sizes from state_dict["backbone.weight"] (d_hidden, d_in) and state_dict["head.weight"]
    # 2. model = Classifier(...); model.load_state_dict(state_dict)
    # 3. freeze: requires_grad_(False) on the backbone's parameters
    # 4. SGD on the parameters that still require grad; steps x (zero_grad, loss, backward, step)
    raise NotImplementedError("TODO: fine-tune")


def early_stopping(val_losses, patience):
    """(best_epoch, stop_epoch) for a list of held-out losses, one per epoch."""
    raise NotImplementedError("TODO: track the best epoch and the epochs since it improved")
