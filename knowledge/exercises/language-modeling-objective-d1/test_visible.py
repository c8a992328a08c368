import math

from exercise import average_nll, next_token_targets, perplexity, sentence_nll

MODEL = {
    (): {"the": 0.5, "a": 0.5},
    ("the",): {"cat": 0.25, "dog": 0.75},
    ("the", "cat"): {"</s>": 1.0},
}


def test_training_pairs_of_a_two_word_sentence():
    assert next_token_targets(["the", "cat"], "</s>") == [
        ((), "the"),
        (("the",), "cat"),
        (("the", "cat"), "</s>"),
    ]


def test_loss_and_perplexity_by_hand():
    # P("the cat") = 0.5 * 0.25 * 1.0 = 1/8, over 3 predictions
    assert abs(sentence_nll(MODEL, ["the", "cat"], "</s>") - math.log(8)) < 1e-12
    assert abs(average_nll(MODEL, ["the", "cat"], "</s>") - math.log(8) / 3) < 1e-12
    assert abs(perplexity(MODEL, ["the", "cat"], "</s>") - 2.0) < 1e-12  # 8 ** (1/3)
