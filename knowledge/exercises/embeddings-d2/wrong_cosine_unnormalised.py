"""Mistake: the similarity matrix is the raw dot products, with the rows never normalized."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class Embedding(nn.Module):
    def __init__(self, num_embeddings, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(num_embeddings, dim))

    def forward(self, ids):
        return self.weight[ids]  # a row lookup


def one_hot_embed(ids, weight):
    return F.one_hot(ids, weight.shape[0]).to(weight.dtype) @ weight


def cosine_similarity_matrix(E):
    return E @ E.T


class TiedLM(nn.Module):
    def __init__(self, vocab_size, dim):
        super().__init__()
        self.embedding = Embedding(vocab_size, dim)

    def forward(self, ids):
        return self.embedding(ids) @ self.embedding.weight.T  # the output layer reuses the table
