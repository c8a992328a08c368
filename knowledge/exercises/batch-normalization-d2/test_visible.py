import torch
from exercise import BatchNorm1d


def test_parameters_and_buffers():
    torch.manual_seed(0)
    bn = BatchNorm1d(3)
    state = bn.state_dict()
    assert {"weight", "bias", "running_mean", "running_var"} <= set(state), sorted(state)
    assert {name for name, _ in bn.named_parameters()} == {"weight", "bias"}, "running stats are buffers"


def test_training_output_has_zero_mean_unit_variance_features():
    torch.manual_seed(0)
    x = torch.randn(16, 3) * 5 + 2
    y = BatchNorm1d(3)(x)
    torch.testing.assert_close(y.mean(0), torch.zeros(3), atol=1e-5, rtol=0)
    torch.testing.assert_close(y.var(0, unbiased=False), torch.ones(3), atol=1e-3, rtol=0)


def test_eval_with_fresh_statistics_is_the_identity():
    torch.manual_seed(0)
    bn = BatchNorm1d(3)
    bn.eval()
    x = torch.randn(4, 3)
    torch.testing.assert_close(bn(x), x / (1 + 1e-5) ** 0.5)
