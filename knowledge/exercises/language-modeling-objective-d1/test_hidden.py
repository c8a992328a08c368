import math

from exercise import average_nll, next_token_targets, perplexity, sentence_nll

MODEL = {
    (): {"i": 0.6, "you": 0.4},
    ("i",): {"like": 0.5, "see": 0.3, "</s>": 0.2},
    ("i", "like"): {"tea": 0.4, "cats": 0.5, "</s>": 0.1},
    ("i", "like", "tea"): {"</s>": 0.8, "too": 0.2},
}
SENTENCE = ["i", "like", "tea"]
P = 0.6 * 0.5 * 0.4 * 0.8


def test_each_target_is_predicted_from_the_tokens_before_it():
    pairs = next_token_targets(SENTENCE, "</s>")
    for context, target in pairs:
        assert target not in context or target == "</s>", (
            f"the context {context} already holds its target {target!r}: predict each token from the ones before it"
        )
    assert [t for _, t in pairs] == ["i", "like", "tea", "</s>"], (
        "the targets are the sentence's tokens and then eos: the model also learns when to stop"
    )
    assert [c for c, _ in pairs] == [(), ("i",), ("i", "like"), ("i", "like", "tea")]


def test_the_end_of_the_sentence_is_predicted_too():
    got = sentence_nll(MODEL, SENTENCE, "</s>")
    assert abs(got - (-math.log(P))) < 1e-12, (
        f"got {got}, expected −log(0.6 · 0.5 · 0.4 · 0.8) = {-math.log(P)}: the chain ends with P(eos | sentence)"
    )


def test_a_one_word_sentence():
    assert abs(sentence_nll(MODEL, ["i"], "</s>") - (-math.log(0.6 * 0.2))) < 1e-12


def test_average_is_per_prediction():
    got = average_nll(MODEL, SENTENCE, "</s>")
    assert abs(got - (-math.log(P) / 4)) < 1e-12, f"got {got}: 3 words and the end make 4 predictions"


def test_perplexity_is_exp_of_the_average_loss():
    got = perplexity(MODEL, SENTENCE, "</s>")
    expected = P ** (-1 / 4)
    assert abs(got - expected) < 1e-9, (
        f"got {got}, expected {expected}: perplexity is exp(average NLL), not exp(total NLL)"
    )


def test_a_certain_model_has_perplexity_one():
    certain = {(): {"hi": 1.0}, ("hi",): {"</s>": 1.0}}
    assert abs(perplexity(certain, ["hi"], "</s>") - 1.0) < 1e-12
    uniform = {(): {w: 0.25 for w in "abcd"}, ("a",): {w: 0.25 for w in ["</s>", "b", "c", "d"]}}
    assert abs(perplexity(uniform, ["a"], "</s>") - 4.0) < 1e-9, "guessing among 4 equally likely tokens: 4"
