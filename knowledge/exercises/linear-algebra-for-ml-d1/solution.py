"""Dot products, matrix products and the shape of a product, in plain Python."""


def dot(u, v):
    """Σ u_i v_i for two equal-length sequences of numbers."""
    if len(u) != len(v):
        raise ValueError(f"lengths differ: {len(u)} and {len(v)}")
    return sum(a * b for a, b in zip(u, v, strict=True))


def matmul(A, B):
    """(n × k) @ (k × m) -> n × m, matrices as lists of rows."""
    columns = list(zip(*B, strict=True))
    return [[dot(row, col) for col in columns] for row in A]


def matmul_shape(a_shape, b_shape):
    """Shape of A @ B: equal batch dimensions, then (n, k) @ (k, m) -> (n, m)."""
    *a_batch, n, k = a_shape
    *b_batch, k2, m = b_shape
    if k != k2:
        raise ValueError(f"inner sizes differ: {k} and {k2}")
    if a_batch != b_batch:
        raise ValueError(f"batch dimensions differ: {tuple(a_batch)} and {tuple(b_batch)}")
    return (*a_batch, n, m)
