import torch
import torch.nn as nn
from exercise import BatchNorm1d

C = 4


def _pair(seed):
    torch.manual_seed(seed)
    state = {
        "weight": torch.randn(C),
        "bias": torch.randn(C),
        "running_mean": torch.randn(C),
        "running_var": torch.rand(C) + 0.5,
    }
    ours, ref = BatchNorm1d(C), nn.BatchNorm1d(C)
    ours.load_state_dict(state, strict=False)
    ref.load_state_dict(state, strict=False)
    return ours, ref


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_training_output_matches_torch_batch_after_batch():
    ours, ref = _pair(0)
    for step in range(3):
        x = torch.randn(5, C) * 3 + 1
        _check(
            ours(x), ref(x), f"training output of batch {step} differs from nn.BatchNorm1d (biased variance)"
        )


def test_running_statistics_match_torch():
    ours, ref = _pair(1)
    for _ in range(3):
        x = torch.randn(6, C) * 2 - 1
        ours(x)
        ref(x)
    _check(ours.running_mean, ref.running_mean, "running_mean: (1 - momentum) * old + momentum * batch mean")
    _check(
        ours.running_var,
        ref.running_var,
        "running_var: (1 - momentum) * old + momentum * unbiased (N - 1) variance",
    )


def test_eval_uses_the_running_statistics_and_keeps_them():
    ours, ref = _pair(2)
    ours.eval()
    ref.eval()
    before = ours.running_mean.clone(), ours.running_var.clone()
    x = torch.randn(3, C) * 4
    _check(
        ours(x),
        ref(x),
        "in eval mode normalize with running_mean and running_var, not the batch's statistics",
    )
    assert torch.equal(ours.running_mean, before[0]) and torch.equal(ours.running_var, before[1]), (
        "evaluation must not update the running statistics"
    )


def test_eval_of_a_single_example_does_not_depend_on_the_batch():
    ours, _ = _pair(3)
    ours.eval()
    x = torch.randn(5, C)
    _check(
        ours(x[:1]), ours(x)[:1], "in eval mode an example's output must not depend on the rest of the batch"
    )
