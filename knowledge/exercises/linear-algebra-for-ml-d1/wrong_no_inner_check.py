"""Mistake: the shape is read off the outer sizes without checking that the inner sizes agree."""


def dot(u, v):
    if len(u) != len(v):
        raise ValueError(f"lengths differ: {len(u)} and {len(v)}")
    return sum(a * b for a, b in zip(u, v, strict=True))


def matmul(A, B):
    columns = list(zip(*B, strict=True))
    return [[dot(row, col) for col in columns] for row in A]


def matmul_shape(a_shape, b_shape):
    return (*a_shape[:-1], b_shape[-1])
