from exercise import build_example, format_chat, sft_loss


def test_one_user_turn():
    text = format_chat([{"role": "user", "content": "Hi"}])
    assert text == "<|user|>\nHi<|end|>\n"


def test_example_tokens_end_with_eos():
    tokens, mask = build_example([10, 11, 12], [20, 21], eos=0)
    assert tokens == [10, 11, 12, 20, 21, 0]
    assert len(mask) == len(tokens)


def test_loss_with_everything_unmasked_is_the_plain_mean():
    assert sft_loss([1.0, 2.0, 3.0], [1, 1, 1]) == 2.0
