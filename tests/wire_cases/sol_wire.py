import torch


def reseed():
    """Seed torch inside the solution: it must not choose the tests' later random numbers."""
    torch.manual_seed(123)


def draw():
    return torch.rand(3)


def step(p, lr):
    """An optimizer step through .data, which does not bump the tensor's version."""
    p.data -= lr * p.grad


def stop():
    raise StopIteration


class Tensor:  # claims to be torch's Tensor by its name
    pass


Tensor.__module__, Tensor.__qualname__ = "torch", "Tensor"


def fake_tensor():
    return Tensor()
