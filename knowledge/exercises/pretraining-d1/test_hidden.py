import math

from exercise import average_nll, next_token_pairs, perplexity, uniform_loss


def test_a_sequence_of_n_tokens_gives_n_minus_one_examples():
    tokens = list(range(1000))
    pairs = next_token_pairs(tokens)
    assert len(pairs) == 999, (
        f"{len(pairs)} examples from 1,000 tokens; every token after the first is a target"
    )
    assert pairs[-1] == (list(range(999)), 999)


def test_context_never_contains_its_target():
    for context, target in next_token_pairs([5, 7, 9, 11]):
        assert len(context) >= 1 and context[-1] != target, (
            f"context {context} ends with its own target {target}: the model would copy the answer"
        )
    assert next_token_pairs([5, 7, 9, 11])[0] == ([5], 7)


def test_average_nll_is_a_mean_over_tokens():
    probs = [0.5, 0.25, 0.125]
    expected = (math.log(2) + math.log(4) + math.log(8)) / 3  # = 2 ln 2
    assert math.isclose(average_nll(probs), expected), (
        f"got {average_nll(probs)}, expected {expected}: average -ln p over the tokens, do not sum"
    )


def test_perplexity_does_not_grow_with_the_number_of_tokens():
    short, long = [0.2] * 3, [0.2] * 300
    assert math.isclose(perplexity(short), 5.0) and math.isclose(perplexity(long), 5.0), (
        "a model that gives every true token 0.2 has perplexity 5 however long the text is"
    )
    assert math.isclose(perplexity([0.5, 0.25, 0.125]), 4.0)


def test_uniform_loss_of_a_real_vocabulary():
    assert math.isclose(uniform_loss(50_000), math.log(50_000))
    assert math.isclose(perplexity([1 / 50_000] * 4), 50_000)
