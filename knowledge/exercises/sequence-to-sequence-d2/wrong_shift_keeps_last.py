"""Mistake: bos is put in front but the last target token is kept, so the inputs are one step too long."""

import torch
import torch.nn as nn


def shift_right(tgt, bos):
    """(batch, T) target ids -> decoder inputs (batch, T): bos, then the target without its last id."""
    start = torch.full_like(tgt[:, :1], bos)
    return torch.cat([start, tgt], dim=1)


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
        _, state = self.encoder(self.src_embed(src))
        return state

    def forward(self, src, tgt_in):
        """Teacher forcing: logits (batch, T, tgt_vocab) for every decoder input at once."""
        outputs, _ = self.decoder(self.tgt_embed(tgt_in), self.encode(src))
        return self.out(outputs)

    @torch.no_grad()
    def greedy_decode(self, src, bos, max_len):
        """(batch, max_len) ids: at each step the most probable token, fed back as the next input."""
        state = self.encode(src)
        token = torch.full((src.size(0), 1), bos, dtype=torch.long)
        out = []
        for _ in range(max_len):
            step, state = self.decoder(self.tgt_embed(token), state)
            token = self.out(step).argmax(dim=-1)
            out.append(token)
        return torch.cat(out, dim=1)


def train_reversal(src, test_src, vocab, bos, steps, lr, seed=0):
    """Teach Seq2Seq(vocab, vocab, emb=16, hidden=64) to reverse src, with teacher forcing.

    Returns (losses, decoded): the cross-entropy before each of the `steps` Adam updates, as
    floats, and the greedy decoding of test_src after training, (batch, test length).
    """
    torch.manual_seed(seed)
    model = Seq2Seq(vocab, vocab, emb=16, hidden=64)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    tgt = src.flip(1)
    losses = []
    for _ in range(steps):
        logits = model(src, shift_right(tgt, bos))
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), tgt.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, model.greedy_decode(test_src, bos, test_src.size(1))
