import torch
from exercise import softmax, softmax_backward, softmax_jacobian


def test_rows_are_distributions():
    torch.manual_seed(0)
    p = softmax(torch.randn(3, 5))
    assert p.shape == (3, 5)
    assert (p > 0).all(), "softmax outputs are positive"
    torch.testing.assert_close(p.sum(-1), torch.ones(3))


def test_jacobian_shape_and_columns_sum_to_zero():
    torch.manual_seed(0)
    J = softmax_jacobian(torch.randn(4))
    assert J.shape == (4, 4)
    # the outputs always sum to 1, so moving any logit changes that sum by 0
    torch.testing.assert_close(J.sum(0), torch.zeros(4), atol=1e-6, rtol=0)


def test_backward_shape():
    torch.manual_seed(0)
    p, g = softmax(torch.randn(2, 6)), torch.randn(2, 6)
    assert softmax_backward(p, g).shape == (2, 6)
