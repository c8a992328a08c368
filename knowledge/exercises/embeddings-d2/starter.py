"""An embedding table, its one-hot view, cosine similarities and tied input/output weights."""

import torch  # noqa: F401
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401


class Embedding(nn.Module):
    def __init__(self, num_embeddings, dim):
        """One parameter, weight, of shape (num_embeddings, dim), drawn from N(0, 1)."""
        super().__init__()
        raise NotImplementedError("TODO: the table")

    def forward(self, ids):
        """The rows of weight for ids of any shape: ids.shape + (dim,)."""
        raise NotImplementedError("TODO: look up the rows")


def one_hot_embed(ids, weight):
    """The same rows, as one_hot(ids) @ weight."""
    raise NotImplementedError("TODO: one-hot times the table")


def cosine_similarity_matrix(E):
    """(n, n) cosine similarities between the rows of E."""
    raise NotImplementedError("TODO: normalize the rows, then compare every pair")


class TiedLM(nn.Module):
    def __init__(self, vocab_size, dim):
        """self.embedding = Embedding(vocab_size, dim), and no other parameter."""
        super().__init__()
        raise NotImplementedError("TODO: the embedding")

    def forward(self, ids):
        """Logits embedding(ids) @ embedding.weight.T."""
        raise NotImplementedError("TODO: tied output layer")
