import math

from exercise import average_nll, next_token_pairs, perplexity, uniform_loss


def test_pairs_of_a_short_sequence():
    assert next_token_pairs(["the", "cat", "sat"]) == [(["the"], "cat"), (["the", "cat"], "sat")]


def test_loss_and_perplexity_of_one_token():
    # the true token got probability 1/4: loss ln 4, perplexity 4
    assert math.isclose(average_nll([0.25]), math.log(4))
    assert math.isclose(perplexity([0.25]), 4.0)


def test_uniform_guess_over_ten_tokens():
    assert math.isclose(uniform_loss(10), math.log(10))
