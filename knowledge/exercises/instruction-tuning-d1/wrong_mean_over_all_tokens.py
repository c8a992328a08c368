"""Mistake: the masked losses are summed but divided by the number of all tokens."""


def format_chat(messages):
    """Render [{"role": r, "content": c}, ...] as "<|r|>\\n" + c + "<|end|>\\n" for each, in order."""
    return "".join(f"<|{m['role']}|>\n{m['content']}<|end|>\n" for m in messages)


def build_example(prompt_tokens, response_tokens, eos):
    """(tokens, mask): tokens = prompt + response + [eos]; mask is 1 where the model must learn."""
    tokens = [*prompt_tokens, *response_tokens, eos]
    mask = [0] * len(prompt_tokens) + [1] * (len(response_tokens) + 1)
    return tokens, mask


def sft_loss(token_losses, mask):
    """Mean of the per-token losses over the tokens whose mask is 1."""
    return sum(loss * m for loss, m in zip(token_losses, mask, strict=True)) / len(mask)
