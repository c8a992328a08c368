"""Mistake: pairs row i of A with row j of B (computes A @ Bᵀ)."""


def dot(u, v):
    if len(u) != len(v):
        raise ValueError(f"lengths differ: {len(u)} and {len(v)}")
    return sum(a * b for a, b in zip(u, v, strict=True))


def matmul(A, B):
    return [[sum(a * b for a, b in zip(row, other, strict=False)) for other in B] for row in A]


def matmul_shape(a_shape, b_shape):
    *a_batch, n, k = a_shape
    *b_batch, k2, m = b_shape
    if k != k2 or a_batch != b_batch:
        raise ValueError("shapes do not match")
    return (*a_batch, n, m)
