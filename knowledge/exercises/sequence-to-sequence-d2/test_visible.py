import torch
from exercise import Seq2Seq, shift_right, train_reversal


def test_shift_right_puts_bos_first():
    tgt = torch.tensor([[5, 6, 7], [8, 9, 4]])
    assert shift_right(tgt, 1).tolist() == [[1, 5, 6], [1, 8, 9]]


def test_shapes():
    torch.manual_seed(0)
    model = Seq2Seq(src_vocab=11, tgt_vocab=13, emb=8, hidden=16)
    src, tgt = torch.randint(0, 11, (2, 5)), torch.randint(0, 13, (2, 7))
    h, c = model.encode(src)
    assert h.shape == (1, 2, 16) and c.shape == (1, 2, 16)
    assert model(src, shift_right(tgt, 1)).shape == (2, 7, 13), "one row of logits per target position"
    assert model.greedy_decode(src, bos=1, max_len=4).shape == (2, 4)


def test_training_returns_losses_and_decoded_sequences():
    torch.manual_seed(0)
    src, test_src = torch.randint(1, 9, (8, 4)), torch.randint(1, 9, (3, 4))
    losses, decoded = train_reversal(src, test_src, vocab=9, bos=0, steps=2, lr=0.01)
    assert len(losses) == 2 and decoded.shape == (3, 4)
