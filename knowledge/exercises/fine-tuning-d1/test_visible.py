from exercise import param_count, steps_to_converge, trainable_params


def test_count_a_tiny_network():
    # 4 -> 3: 12 weights + 3 biases; 3 -> 2: 6 weights + 2 biases
    assert param_count([4, 3, 2]) == 23


def test_freezing_nothing_trains_everything():
    assert trainable_params([4, 3, 2], n_frozen=0) == 23


def test_already_close_needs_no_step():
    assert steps_to_converge(1.0, 1.0, lr=0.1, tol=1e-3) == 0
