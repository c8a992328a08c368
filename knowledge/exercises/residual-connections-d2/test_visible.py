import torch
from exercise import ResidualBlock, input_gradient_norm, make_stack


def test_block_keeps_the_shape():
    torch.manual_seed(0)
    x = torch.randn(3, 8)
    assert ResidualBlock(8, 16)(x).shape == (3, 8)


def test_stack_names_its_blocks():
    torch.manual_seed(0)
    keys = set(make_stack(8, 16, depth=3).state_dict())
    assert {"0.fc1.weight", "2.fc2.bias"} <= keys, sorted(keys)


def test_a_block_with_a_zero_output_layer_is_the_identity():
    torch.manual_seed(0)
    block = ResidualBlock(4, 6)
    state = block.state_dict()
    block.load_state_dict({**state, "fc2.weight": torch.zeros(4, 6), "fc2.bias": torch.zeros(4)})
    x = torch.randn(5, 4)
    torch.testing.assert_close(block(x), x)
    assert abs(input_gradient_norm(block, x) - 20**0.5) < 1e-5, "identity: d sum(x) / dx is all ones"
