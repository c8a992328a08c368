from exercise import dot, matmul, matmul_shape


def test_dot_of_two_short_vectors():
    assert dot([1, 2, 3], [4, 5, 6]) == 32  # 4 + 10 + 18


def test_matrix_times_column():
    # row 1: 1*5 + 2*6 = 17, row 2: 3*5 + 4*6 = 39
    assert matmul([[1, 2], [3, 4]], [[5], [6]]) == [[17], [39]]


def test_shape_of_a_product():
    assert matmul_shape((2, 3), (3, 4)) == (2, 4)
    assert matmul_shape((32, 10, 64), (32, 64, 10)) == (32, 10, 10)
