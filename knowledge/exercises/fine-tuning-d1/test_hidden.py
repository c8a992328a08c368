import math

from exercise import param_count, steps_to_converge, trainable_params


def test_every_layer_has_a_bias():
    assert param_count([784, 256, 64, 10]) == 784 * 256 + 256 + 256 * 64 + 64 + 64 * 10 + 10, (
        f"got {param_count([784, 256, 64, 10])}: count each layer's bias vector as well as its weights"
    )
    assert param_count([5, 1]) == 6


def test_freezing_the_first_layer_leaves_the_head_to_train():
    assert trainable_params([4, 3, 2], n_frozen=1) == 8, (
        f"got {trainable_params([4, 3, 2], n_frozen=1)}: with the 4->3 layer frozen only 3->2 (6 + 2) trains"
    )


def test_frozen_layers_are_those_nearest_the_input():
    sizes = [1000, 100, 10, 2]
    assert trainable_params(sizes, n_frozen=2) == 10 * 2 + 2, (
        "freezing two layers of 1000->100->10->2 leaves only the 10->2 head; freeze from the input side"
    )
    assert trainable_params(sizes, n_frozen=3) == 0


def _expected_steps(w0, w_star, lr, tol):
    # each update multiplies the error by (1 - 2 lr)
    return math.ceil(math.log(tol / abs(w0 - w_star)) / math.log(1 - 2 * lr))


def test_far_start_takes_the_steps_the_gradient_gives():
    got = steps_to_converge(0.0, 1.0, lr=0.1, tol=1e-3)
    assert got == _expected_steps(0.0, 1.0, 0.1, 1e-3) == 31, (
        f"{got} steps; with dL/dw = 2 (w - w_star) each update shrinks the error by 1 - 2 lr = 0.8"
    )


def test_a_start_near_the_answer_converges_sooner():
    far = steps_to_converge(-5.0, 2.0, lr=0.05, tol=1e-4)
    near = steps_to_converge(1.9, 2.0, lr=0.05, tol=1e-4)
    assert far == _expected_steps(-5.0, 2.0, 0.05, 1e-4), (
        f"{far} steps from -5; the update is w - lr * 2 (w - w_star)"
    )
    assert near == _expected_steps(1.9, 2.0, 0.05, 1e-4)
    assert near < far
