"""Instruction data: a chat template, the loss mask and the loss on response tokens only."""


def format_chat(messages):
    """Render [{"role": r, "content": c}, ...] as "<|r|>\\n" + c + "<|end|>\\n" for each, in order."""
    raise NotImplementedError("TODO: render and join the messages")


def build_example(prompt_tokens, response_tokens, eos):
    """(tokens, mask): tokens = prompt + response + [eos]; mask is 1 where the model must learn."""
    raise NotImplementedError("TODO: the sequence and its loss mask")


def sft_loss(token_losses, mask):
    """Mean of the per-token losses over the tokens whose mask is 1."""
    raise NotImplementedError("TODO: a masked mean")
