import math

from exercise import greedy_decode, sequence_log_prob, teacher_forcing_pair

# a decoder that has read "ich bin müde": what it predicts after each previous token
TABLE = {
    "<s>": {"i": 0.7, "am": 0.1, "tired": 0.2},
    "i": {"am": 0.8, "i": 0.1, "</s>": 0.1},
    "am": {"tired": 0.6, "</s>": 0.4},
    "tired": {"</s>": 0.9, "tired": 0.1},
}


def test_teacher_forcing_shifts_the_target():
    inputs, targets = teacher_forcing_pair(["i", "am", "tired"], "<s>", "</s>")
    assert inputs == ["<s>", "i", "am", "tired"]
    assert targets == ["i", "am", "tired", "</s>"]


def test_greedy_decoding_stops_at_the_end_token():
    assert greedy_decode(TABLE, "<s>", "</s>", max_len=10) == ["i", "am", "tired"]


def test_log_prob_of_the_greedy_output():
    expected = math.log(0.7) + math.log(0.8) + math.log(0.6) + math.log(0.9)
    assert abs(sequence_log_prob(TABLE, ["i", "am", "tired"], "<s>", "</s>") - expected) < 1e-12
