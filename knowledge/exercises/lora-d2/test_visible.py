import torch
import torch.nn as nn
from exercise import LoRALinear


def test_shapes_of_the_low_rank_factors():
    torch.manual_seed(0)
    lora = LoRALinear(nn.Linear(16, 12), r=4, alpha=8)
    assert lora.lora_A.shape == (4, 16), f"lora_A is {tuple(lora.lora_A.shape)}, expected (r, in) = (4, 16)"
    assert lora.lora_B.shape == (12, 4), f"lora_B is {tuple(lora.lora_B.shape)}, expected (out, r) = (12, 4)"
    assert lora(torch.randn(3, 16)).shape == (3, 12)


def test_starts_as_the_base_layer():
    torch.manual_seed(0)
    base = nn.Linear(16, 12)
    lora = LoRALinear(base, r=4, alpha=8)
    x = torch.randn(5, 16)
    torch.testing.assert_close(lora(x), base(x))
