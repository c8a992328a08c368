import math

from exercise import build_example, format_chat, sft_loss


def test_a_conversation_in_order():
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "4"},
    ]
    expected = "<|system|>\nBe brief.<|end|>\n<|user|>\n2+2?<|end|>\n<|assistant|>\n4<|end|>\n"
    assert format_chat(messages) == expected


def test_prompt_tokens_carry_no_loss():
    _, mask = build_example([10, 11, 12], [20, 21], eos=0)
    assert mask[:3] == [0, 0, 0], (
        f"mask {mask}: the prompt is given at inference time, so its tokens get mask 0"
    )


def test_eos_is_learned_with_the_response():
    _, mask = build_example([10, 11, 12], [20, 21], eos=0)
    assert mask[3:5] == [1, 1], f"mask {mask}: the response tokens get mask 1"
    assert mask[-1] == 1, (
        f"mask {mask}: the closing eos must have mask 1, or the model never learns when to stop"
    )


def test_loss_is_the_mean_over_response_tokens_only():
    loss = sft_loss([5.0, 5.0, 5.0, 1.0, 2.0, 3.0], [0, 0, 0, 1, 1, 1])
    assert math.isclose(loss, 2.0), (
        f"got {loss}: average the three response losses (1 + 2 + 3) / 3, not over all six tokens"
    )


def test_a_long_prompt_does_not_dilute_the_loss():
    tokens, mask = build_example(list(range(100)), [7, 8, 9], eos=1)
    losses = [0.5] * len(tokens)
    assert math.isclose(sft_loss(losses, mask), 0.5), "the loss must not shrink as the prompt grows"
    assert sum(mask) == 4
