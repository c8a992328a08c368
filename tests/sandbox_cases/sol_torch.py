import torch


def add(a, b):
    return int(torch.tensor(a) + torch.tensor(b))
