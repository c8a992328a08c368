import torch
from exercise import LayerNorm, RMSNorm


def test_layer_norm_gives_zero_mean_unit_variance_rows():
    torch.manual_seed(0)
    x = torch.randn(4, 7, 32) * 3 + 2
    y = LayerNorm(32)(x)
    assert y.shape == x.shape
    torch.testing.assert_close(y.mean(-1), torch.zeros(4, 7), atol=1e-5, rtol=0)
    torch.testing.assert_close(y.pow(2).mean(-1), torch.ones(4, 7), atol=1e-3, rtol=0)


def test_rms_norm_gives_unit_root_mean_square_rows():
    torch.manual_seed(0)
    x = torch.randn(4, 7, 32) * 3
    y = RMSNorm(32)(x)
    assert y.shape == x.shape
    torch.testing.assert_close(y.pow(2).mean(-1), torch.ones(4, 7), atol=1e-3, rtol=0)
