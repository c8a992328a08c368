"""An LSTM encoder-decoder: teacher forcing in training, greedy decoding at inference.

Keep the module names: the tests read your weights from state_dict().
"""

import torch
import torch.nn as nn


def shift_right(tgt, bos):
    """(batch, T) target ids -> the decoder inputs for teacher forcing, also (batch, T).

    Row b is [bos, tgt[b, 0], ..., tgt[b, T-2]]: at step t the decoder reads the true token
    t-1 and is trained to predict tgt[b, t].
    """
    raise NotImplementedError("TODO: shift_right")


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab: int, tgt_vocab: int, emb: int, hidden: int):
        super().__init__()
        self.src_embed = nn.Embedding(src_vocab, emb)
        self.encoder = nn.LSTM(emb, hidden, batch_first=True)
        self.tgt_embed = nn.Embedding(tgt_vocab, emb)
        self.decoder = nn.LSTM(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, tgt_vocab)

    def encode(self, src):
        """(batch, S) ids -> the encoder's final (h, c), each (1, batch, hidden)."""
        raise NotImplementedError("TODO: embed the source and run the encoder")

    def forward(self, src, tgt_in):
        """Teacher forcing: src (batch, S), tgt_in (batch, T) -> logits (batch, T, tgt_vocab).

        The decoder starts from the encoder's final state and reads all of tgt_in at once.
        """
        raise NotImplementedError("TODO: decoder from the encoder's state, then the output layer")

    @torch.no_grad()
    def greedy_decode(self, src, bos, max_len):
        """(batch, max_len) ids: start from bos and the encoder's state; at each step take the
        most probable token and feed it back in as the next input, carrying the decoder's state.
        """
        raise NotImplementedError("TODO: greedy decoding, one step at a time")


def train_reversal(src, test_src, vocab, bos, steps, lr, seed=0):
    """Teach the model to reverse sequences: the target of src is src.flip(1).

    Seed torch with `seed`, build Seq2Seq(vocab, vocab, emb=16, hidden=64), and take `steps`
    Adam updates (learning rate lr) on the cross-entropy of the teacher-forced logits against
    the target. Return (losses, decoded): the list of the `steps` losses as floats, and the
    greedy decoding of test_src (max_len = its length) after training.
    """
    raise NotImplementedError("TODO: the training loop, then decode test_src")
