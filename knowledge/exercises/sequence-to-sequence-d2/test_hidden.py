import torch
import torch.nn as nn
from exercise import Seq2Seq, shift_right, train_reversal

SV, TV, E, H = 11, 13, 8, 16


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _reference(model):
    """The same network built from plain torch modules holding the model's weights."""
    state = model.state_dict()
    parts = {
        "src_embed": nn.Embedding(SV, E),
        "encoder": nn.LSTM(E, H, batch_first=True),
        "tgt_embed": nn.Embedding(TV, E),
        "decoder": nn.LSTM(E, H, batch_first=True),
        "out": nn.Linear(H, TV),
    }
    for name, module in parts.items():
        module.load_state_dict({k[len(name) + 1 :]: v for k, v in state.items() if k.startswith(name + ".")})
    return parts


def _model(seed):
    torch.manual_seed(seed)
    return Seq2Seq(SV, TV, E, H)


def test_shift_right_keeps_the_length_and_drops_the_last_token():
    tgt = torch.tensor([[3, 4, 5, 6]])
    got = shift_right(tgt, 0)
    assert got.shape == tgt.shape, (
        f"decoder inputs are {tuple(got.shape)}; they must be as long as the targets"
    )
    assert got.tolist() == [[0, 3, 4, 5]], (
        "the last target token is never read as an input: it is only predicted"
    )


def test_teacher_forced_logits_match_the_reference():
    model = _model(1)
    ref = _reference(model)
    src, tgt_in = torch.randint(0, SV, (3, 6)), torch.randint(0, TV, (3, 4))
    _, state = ref["encoder"](ref["src_embed"](src))
    out, _ = ref["decoder"](ref["tgt_embed"](tgt_in), state)
    _check(
        model(src, tgt_in), ref["out"](out), "logits differ: the decoder must start from the encoder's (h, c)"
    )


def test_the_output_depends_on_the_source():
    model = _model(2)
    tgt_in = torch.randint(0, TV, (1, 4))
    a = model(torch.tensor([[1, 2, 3, 4]]), tgt_in)
    b = model(torch.tensor([[4, 3, 2, 1]]), tgt_in)
    assert (a - b).abs().max() > 1e-4, (
        "changing the source did not change the logits: is the encoder state used?"
    )


def test_greedy_decoding_matches_a_step_by_step_reference():
    model = _model(3)
    ref = _reference(model)
    src = torch.randint(0, SV, (2, 5))
    with torch.no_grad():
        _, state = ref["encoder"](ref["src_embed"](src))
        token, expected = torch.full((2, 1), 1), []
        for _ in range(6):
            step, state = ref["decoder"](ref["tgt_embed"](token), state)
            token = ref["out"](step).argmax(-1)
            expected.append(token)
    got = model.greedy_decode(src, bos=1, max_len=6)
    assert got.tolist() == torch.cat(expected, 1).tolist(), (
        "greedy output differs: feed back each picked token and carry the decoder's state between steps"
    )


def test_greedy_output_is_the_argmax_of_its_own_teacher_forced_logits():
    model = _model(4)
    src = torch.randint(0, SV, (3, 4))
    out = model.greedy_decode(src, bos=2, max_len=5)
    with torch.no_grad():
        again = model(src, shift_right(out, 2)).argmax(-1)
    assert out.tolist() == again.tolist(), (
        "reading the greedy output back with teacher forcing should predict it again, step for step"
    )


def test_the_model_learns_to_reverse_unseen_sequences():
    torch.manual_seed(7)
    src, test_src = torch.randint(1, 9, (256, 4)), torch.randint(1, 9, (64, 4))
    losses, decoded = train_reversal(src, test_src, vocab=9, bos=0, steps=200, lr=0.01, seed=0)
    assert len(losses) == 200 and losses[-1] < 0.1 * losses[0], (
        f"the training loss went from {losses[0]:.3f} to {losses[-1]:.3f}: it should fall by far more"
    )
    accuracy = (decoded == test_src.flip(1)).float().mean().item()
    assert accuracy > 0.85, (
        f"only {accuracy:.0%} of the tokens of unseen sequences are reversed correctly; a decoder that never "
        "sees the source guesses about 1 in 8"
    )
