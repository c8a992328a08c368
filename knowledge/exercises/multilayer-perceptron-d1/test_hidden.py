from exercise import count_parameters, linear, mlp_forward


def test_linear_with_more_outputs_than_inputs():
    got = linear([2, -1], [[1, 0], [0, 1], [3, 4]], [0.5, 0, -1])
    assert got == [2.5, -1, 1], f"got {got}: output i is sum_j W[i][j] * x[j] + b[i]"


def test_relu_between_layers_zeroes_negative_hidden_values():
    layers = [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]
    got = mlp_forward([-3, 2], layers)
    assert got == [2], f"got {got}: the hidden value -3 must become 0 before the last layer"


def test_the_last_layer_can_give_negative_logits():
    layers = [([[1, 0], [0, 1]], [0, 0]), ([[1, -1], [-1, 1]], [0, 0])]
    got = mlp_forward([1, 4], layers)
    assert got == [-3, 3], f"got {got}: no relu after the last layer, logits may be negative"


def test_three_layers_in_order():
    layers = [([[2]], [1]), ([[1], [-1]], [0, 0]), ([[1, 1]], [-10])]
    assert mlp_forward([3], layers) == [-3], "apply the layers in the order given"


def test_parameter_counts_include_the_biases():
    for sizes, expected in [([784, 128, 10], 101_770), ([2, 4, 4, 1], 12 + 20 + 5), ([10, 1], 11)]:
        got = count_parameters(sizes)
        assert got == expected, f"count_parameters({sizes}) = {got}, expected {expected} (weights + biases)"
