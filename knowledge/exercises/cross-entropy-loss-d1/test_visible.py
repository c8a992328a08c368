import math

from exercise import cross_entropy, cross_entropy_from_logits, logit_gradient


def test_loss_of_the_likely_answer():
    assert math.isclose(cross_entropy([0.7, 0.2, 0.1], 0), 0.35667, abs_tol=1e-4)


def test_uniform_logits_give_ln_of_the_class_count():
    assert math.isclose(cross_entropy_from_logits([0.0, 0.0, 0.0, 0.0], 2), math.log(4), rel_tol=1e-9)


def test_gradient_of_two_equal_logits():
    g = logit_gradient([0.0, 0.0], 0)
    assert all(math.isclose(a, b) for a, b in zip(g, [-0.5, 0.5], strict=True)), g
