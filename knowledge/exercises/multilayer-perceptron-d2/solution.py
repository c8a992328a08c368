"""An MLP classifier: nn.Linear and nn.ReLU in an nn.Sequential, trained by SGD."""

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_mlp(sizes):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:  # no relu after the last layer: it gives logits
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def train(model, X, y, steps, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()  # backward adds to .grad
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def predict(model, X):
    with torch.no_grad():
        return model(X).argmax(dim=1)
