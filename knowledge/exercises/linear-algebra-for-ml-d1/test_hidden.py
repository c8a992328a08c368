from exercise import dot, matmul, matmul_shape


def _raises(fn, *args):
    try:
        fn(*args)
    except ValueError:
        return True
    return False


def test_dot_refuses_vectors_of_different_lengths():
    assert _raises(dot, [1, 2, 3], [1, 2]), "dot of a 3-vector and a 2-vector is undefined: raise ValueError"


def test_non_square_product_uses_columns_of_b():
    A = [[1, 0, 2], [0, 1, -1]]  # 2 × 3
    B = [[1, 2], [3, 4], [5, 6]]  # 3 × 2
    expected = [[11, 14], [-2, -2]]
    assert matmul(A, B) == expected, (
        f"got {matmul(A, B)}, expected {expected}: entry (i, j) pairs row i of A with column j of B"
    )


def test_product_has_n_rows_and_m_columns():
    A = [[1, 2]]  # 1 × 2
    B = [[1, 0, 0, 1], [0, 1, 1, 0]]  # 2 × 4
    C = matmul(A, B)
    assert len(C) == 1 and len(C[0]) == 4, "a (1 × 2) @ (2 × 4) product is 1 × 4"
    assert C == [[1, 2, 2, 1]]


def test_products_do_not_commute():
    A, B = [[1, 1], [0, 1]], [[1, 0], [1, 1]]
    assert matmul(A, B) == [[2, 1], [1, 1]]
    assert matmul(B, A) == [[1, 1], [1, 2]]


def test_shape_keeps_the_outer_sizes():
    assert matmul_shape((5, 3), (3, 7)) == (5, 7), "(n, k) @ (k, m) is (n, m): the inner k disappears"
    assert matmul_shape((1, 8), (8, 1)) == (1, 1)
    assert matmul_shape((8, 1), (1, 8)) == (8, 8), "an outer product (8, 1) @ (1, 8) is (8, 8)"
    assert matmul_shape((4, 2, 6, 3), (4, 2, 3, 5)) == (4, 2, 6, 5)


def test_shape_refuses_mismatched_inner_sizes():
    assert _raises(matmul_shape, (2, 3), (2, 3)), (
        "(2, 3) @ (2, 3): inner sizes 3 and 2 differ, raise ValueError"
    )
    assert _raises(matmul_shape, (10, 64), (10, 64))
