import torch
from exercise import cosine_scores, linear, pairwise_scores


def test_linear_shape():
    torch.manual_seed(0)
    x, w, b = torch.randn(4, 3), torch.randn(5, 3), torch.randn(5)
    assert linear(x, w, b).shape == (4, 5), "(4, 3) inputs through a (5, 3) weight give (4, 5)"


def test_scores_of_two_small_sets():
    torch.manual_seed(0)
    a = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
    b = torch.tensor([[3.0, 4.0], [1.0, 1.0], [0.0, -1.0]])
    expected = torch.tensor([[3.0, 1.0, 0.0], [8.0, 2.0, -2.0]])
    torch.testing.assert_close(pairwise_scores(a, b), expected)


def test_cosine_of_parallel_and_orthogonal_vectors():
    torch.manual_seed(0)
    a = torch.tensor([[2.0, 0.0]])
    b = torch.tensor([[5.0, 0.0], [0.0, 3.0], [-1.0, 0.0]])
    torch.testing.assert_close(cosine_scores(a, b), torch.tensor([[1.0, 0.0, -1.0]]))
