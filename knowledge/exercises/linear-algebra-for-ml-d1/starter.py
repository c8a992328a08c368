"""Dot products, matrix products and the shape of a product, in plain Python."""


def dot(u, v):
    """Σ u_i v_i for two equal-length sequences of numbers; ValueError if the lengths differ."""
    # TODO: check the lengths, then sum the products of matching entries
    raise NotImplementedError("TODO: dot")


def matmul(A, B):
    """(n × k) @ (k × m) -> n × m, matrices as lists of rows.

    Entry (i, j) is the dot product of row i of A with column j of B.
    """
    # TODO: the columns of B are list(zip(*B, strict=True))
    raise NotImplementedError("TODO: matmul")


def matmul_shape(a_shape, b_shape):
    """Shape of A @ B as a tuple: (..., n, k) @ (..., k, m) -> (..., n, m).

    The batch dimensions (everything before the last two) must be equal; ValueError if they
    are not, or if the inner sizes k differ.
    """
    # TODO
    raise NotImplementedError("TODO: matmul_shape")
