"""BatchNorm over (N, C) inputs: batch statistics in training, running statistics in evaluation."""

import torch  # noqa: F401
import torch.nn as nn


class BatchNorm1d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        """Parameters weight (ones) and bias (zeros); buffers running_mean (zeros), running_var (ones)."""
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        raise NotImplementedError("TODO: the two parameters and the two buffers (register_buffer)")

    def forward(self, x):
        """x: (N, C).

        Training: normalize with the batch mean and biased variance; update the running
        statistics (the variance with N - 1) without tracking gradients.
        Evaluation: normalize with the running statistics.
        """
        raise NotImplementedError("TODO: the two modes")
