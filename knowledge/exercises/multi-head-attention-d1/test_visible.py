from exercise import head_weights, parameter_count, split_heads


def test_split_into_two_heads():
    assert split_heads([1, 2, 3, 4, 5, 6], 2) == [[1, 2, 3], [4, 5, 6]]


def test_one_head_sees_both_keys_as_equal():
    query = [4.0, 0.0, 0.0, 4.0]
    keys = [[4.0, 0.0, 0.0, -4.0], [-4.0, 0.0, 0.0, 4.0]]
    [one] = head_weights(query, keys, 1)
    assert all(abs(w - 0.5) < 1e-12 for w in one)  # both full dot products are 0


def test_parameter_count_of_a_small_layer():
    assert parameter_count(8, 2) == 4 * (8 * 8 + 8)
