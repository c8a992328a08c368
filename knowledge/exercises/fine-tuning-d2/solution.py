"""Fine-tuning a pretrained classifier: load, freeze, train the head, stop early."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, d_in, d_hidden, n_classes):
        """backbone = nn.Linear(d_in, d_hidden), then ReLU, then head = nn.Linear(d_hidden, n_classes)."""
        super().__init__()
        self.backbone = nn.Linear(d_in, d_hidden)
        self.head = nn.Linear(d_hidden, n_classes)

    def forward(self, x):
        return self.head(torch.relu(self.backbone(x)))


def fine_tune(state_dict, X, y, lr, steps, freeze_backbone=True):
    """Load the pretrained weights, optionally freeze the backbone, run full-batch SGD.

    Returns (new_state_dict, losses): losses[i] is the training loss just before update i.
    """
    d_hidden, d_in = state_dict["backbone.weight"].shape
    n_classes = state_dict["head.weight"].shape[0]
    model = Classifier(d_in, d_hidden, n_classes)
    model.load_state_dict(state_dict)
    if freeze_backbone:
        model.backbone.requires_grad_(False)
    optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {k: v.detach().clone() for k, v in model.state_dict().items()}, losses


def early_stopping(val_losses, patience):
    """(best_epoch, stop_epoch) for a list of held-out losses, one per epoch."""
    best_epoch, best_loss, waited = 0, float("inf"), 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_epoch, best_loss, waited = epoch, loss, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
