import torch
from exercise import Embedding, TiedLM, cosine_similarity_matrix, one_hot_embed


def test_lookup_shape():
    torch.manual_seed(0)
    emb = Embedding(10, 4)
    assert emb.weight.shape == (10, 4)
    assert emb(torch.tensor([[1, 2, 3], [4, 5, 6]])).shape == (2, 3, 4)


def test_one_hot_times_the_table_gives_its_rows():
    torch.manual_seed(0)
    W = torch.randn(5, 3)
    torch.testing.assert_close(one_hot_embed(torch.tensor([4, 0]), W), W[[4, 0]])


def test_cosine_matrix_has_ones_on_the_diagonal():
    torch.manual_seed(0)
    sims = cosine_similarity_matrix(torch.randn(6, 8) * 3)
    torch.testing.assert_close(torch.diagonal(sims), torch.ones(6))


def test_tied_lm_gives_one_logit_per_token_of_the_vocabulary():
    torch.manual_seed(0)
    assert TiedLM(12, 4)(torch.tensor([[0, 5, 7]])).shape == (1, 3, 12)
