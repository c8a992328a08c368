import math

from exercise import greedy_decode, sequence_log_prob, teacher_forcing_pair

# "guten morgen" (two tokens in) becomes "good morning to you" (four tokens out)
TABLE = {
    "<s>": {"good": 0.6, "morning": 0.3, "</s>": 0.1},
    "good": {"morning": 0.7, "good": 0.2, "</s>": 0.1},
    "morning": {"to": 0.5, "</s>": 0.4, "morning": 0.1},
    "to": {"you": 0.9, "</s>": 0.1},
    "you": {"</s>": 0.8, "to": 0.2},
}
LOOP = {"<s>": {"a": 0.6, "</s>": 0.4}, "a": {"a": 0.9, "</s>": 0.1}}


def test_inputs_and_targets_differ_by_one_step():
    inputs, targets = teacher_forcing_pair([5, 6, 7, 8], 1, 2)
    assert inputs == [1, 5, 6, 7, 8], f"decoder inputs start with bos and hold the whole target: got {inputs}"
    assert targets == [5, 6, 7, 8, 2], (
        f"targets are the inputs shifted left by one, ending in eos: got {targets}"
    )
    assert len(inputs) == len(targets), "one target per decoder input"
    assert all(a == b for a, b in zip(inputs[1:], targets[:-1], strict=True)), (
        "at step t the decoder reads the true token t-1 and predicts token t"
    )


def test_the_output_can_be_longer_than_the_input():
    out = greedy_decode(TABLE, "<s>", "</s>", max_len=10)
    assert out == ["good", "morning", "to", "you"], (
        f"got {out}: feed each picked token back in, pick the most probable next one, and stop at eos"
    )


def test_the_end_token_is_not_part_of_the_output():
    out = greedy_decode(TABLE, "<s>", "</s>", max_len=10)
    assert "</s>" not in out and "<s>" not in out, (
        f"got {out}: bos and eos mark the ends, they are not output"
    )


def test_max_len_stops_a_decoder_that_never_ends():
    out = greedy_decode(LOOP, "<s>", "</s>", max_len=5)
    assert out == ["a"] * 5, f"got {out}: without eos, stop after max_len tokens"


def test_the_probability_of_stopping_counts():
    got = sequence_log_prob(TABLE, ["good", "morning"], "<s>", "</s>")
    expected = math.log(0.6) + math.log(0.7) + math.log(0.4)
    assert abs(got - expected) < 1e-12, (
        f"got {got}, expected {expected}: the output's probability includes P(eos | last token)"
    )
    assert abs(sequence_log_prob(TABLE, [], "<s>", "</s>") - math.log(0.1)) < 1e-12, (
        "the empty output has probability P(eos | bos)"
    )
