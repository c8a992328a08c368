import torch
from exercise import Seq2Seq, shift_right


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
