import torch
import torch.nn as nn
from exercise import LoRALinear


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _randomised(r=4, alpha=16.0, seed=0):
    """A LoRA layer whose A and B both hold random values, as after some training."""
    torch.manual_seed(seed)
    base = nn.Linear(10, 6)
    lora = LoRALinear(base, r=r, alpha=alpha)
    with torch.no_grad():
        lora.lora_A.copy_(torch.randn(r, 10))
        lora.lora_B.copy_(torch.randn(6, r))
    return base, lora


def test_initial_output_equals_the_base_layer():
    torch.manual_seed(1)
    base = nn.Linear(10, 6)
    lora = LoRALinear(base, r=4, alpha=16)
    x = torch.randn(2, 3, 10)
    _check(lora(x), base(x), "at initialisation LoRA must not change the base layer's output (B = 0)")


def test_b_starts_at_zero_and_a_does_not():
    torch.manual_seed(2)
    lora = LoRALinear(nn.Linear(10, 6), r=4, alpha=16)
    assert torch.count_nonzero(lora.lora_B) == 0, "lora_B must start at zero"
    assert lora.lora_A.std() > 0, "lora_A must start random; with A = B = 0 no gradient ever reaches them"


def test_update_is_scaled_by_alpha_over_r():
    for r, alpha in [(4, 16.0), (2, 3.0)]:
        base, lora = _randomised(r=r, alpha=alpha)
        x = torch.randn(5, 10)
        expected = base(x) + (alpha / r) * x @ lora.lora_A.T @ lora.lora_B.T
        _check(lora(x), expected, f"forward(x) = base(x) + (alpha / r) * x A^T B^T with r={r}, alpha={alpha}")


def test_base_weights_are_frozen():
    torch.manual_seed(3)
    base = nn.Linear(10, 6)
    lora = LoRALinear(base, r=4, alpha=16)
    assert not base.weight.requires_grad and not base.bias.requires_grad, "freeze the base weight and bias"
    trainable = {name for name, p in lora.named_parameters() if p.requires_grad}
    assert trainable == {"lora_A", "lora_B"}, f"only lora_A and lora_B should train, got {sorted(trainable)}"


def test_one_training_step_moves_b_and_leaves_the_base_alone():
    torch.manual_seed(4)
    base = nn.Linear(10, 6)
    before = base.weight.detach().clone()
    lora = LoRALinear(base, r=4, alpha=16)
    x, target = torch.randn(8, 10), torch.randn(8, 6)
    opt = torch.optim.SGD(lora.parameters(), lr=0.1)  # frozen parameters get no grad, so no update
    nn.functional.mse_loss(lora(x), target).backward()
    assert lora.lora_B.grad is not None and lora.lora_B.grad.abs().sum() > 0, (
        "lora_B got no gradient at step 0"
    )
    opt.step()
    assert torch.equal(base.weight, before), "the base weight changed during training"
    assert not torch.allclose(lora(x), base(x)), "after one step the adapter should change the output"


def test_merge_computes_the_same_function():
    base, lora = _randomised(r=4, alpha=8.0, seed=5)
    merged = lora.merge()
    assert isinstance(merged, nn.Linear)
    x = torch.randn(7, 10)
    _check(merged(x), lora(x), "merged layer must equal base + (alpha / r) B A")
