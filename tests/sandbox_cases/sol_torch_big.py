import torch


def add(a, b):
    big = torch.ones(400_000_000)  # 1.6 GB of float32, every page written
    return int(torch.tensor(a) + torch.tensor(b)) + int(big[0]) - 1
