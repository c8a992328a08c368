from exercise import count_parameters, linear, mlp_forward


def test_linear_uses_one_row_per_output():
    assert linear([1, 2], [[1, -1], [2, 0]], [0, 1]) == [-1, 3]


def test_worked_forward_pass():
    layers = [([[1, -1], [2, 0]], [0, 1]), ([[1, 1]], [-5])]
    # hidden: relu([-1, 3]) = [0, 3]; output: 0 + 3 - 5
    got = mlp_forward([1, 2], layers)
    assert got == [-2], f"got {got}, expected [-2]"


def test_parameters_of_one_layer():
    assert count_parameters([3, 2]) == 8, "3 x 2 weights and 2 biases"
