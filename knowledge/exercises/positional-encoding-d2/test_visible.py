import torch
from exercise import shift_matrix, sinusoidal_positional_encoding


def test_shape_and_position_zero():
    pe = sinusoidal_positional_encoding(10, 16)
    assert pe.shape == (10, 16), f"shape is {tuple(pe.shape)}, expected (10, 16)"
    assert pe.dtype == torch.float32
    # at position 0 every sine is 0 and every cosine is 1
    torch.testing.assert_close(pe[0], torch.tensor([0.0, 1.0] * 8))


def test_shift_matrix_shape():
    torch.manual_seed(0)
    assert shift_matrix(3, 16).shape == (16, 16)
