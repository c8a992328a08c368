import torch
import torch.nn.functional as F
from exercise import ResidualBlock, input_gradient_norm, make_stack

DIM, HIDDEN = 8, 16


def _weights(depth, seed, scale):
    torch.manual_seed(seed)
    state = {}
    for i in range(depth):
        state[f"{i}.fc1.weight"] = torch.randn(HIDDEN, DIM) * scale
        state[f"{i}.fc1.bias"] = torch.randn(HIDDEN) * 0.1
        state[f"{i}.fc2.weight"] = torch.randn(DIM, HIDDEN) * scale
        state[f"{i}.fc2.bias"] = torch.randn(DIM) * 0.1
    return state


def _branch(state, i, x):
    h = torch.relu(F.linear(x, state[f"{i}.fc1.weight"], state[f"{i}.fc1.bias"]))
    return F.linear(h, state[f"{i}.fc2.weight"], state[f"{i}.fc2.bias"])


def test_block_is_x_plus_the_branch():
    state = _weights(1, 0, 0.5)
    block = ResidualBlock(DIM, HIDDEN)
    block.load_state_dict({k[2:]: v for k, v in state.items()})
    x = torch.randn(6, DIM)
    torch.testing.assert_close(
        block(x),
        x + _branch(state, 0, x),
        msg="a residual block returns x + fc2(relu(fc1(x))), nothing after the sum",
    )


def test_plain_block_is_the_branch_alone():
    state = _weights(1, 1, 0.5)
    block = ResidualBlock(DIM, HIDDEN, residual=False)
    block.load_state_dict({k[2:]: v for k, v in state.items()})
    x = torch.randn(6, DIM)
    torch.testing.assert_close(
        block(x), _branch(state, 0, x), msg="with residual=False return fc2(relu(fc1(x)))"
    )


def test_negative_inputs_pass_through_the_identity_path():
    block = ResidualBlock(DIM, HIDDEN)
    block.load_state_dict(
        {
            "fc1.weight": torch.zeros(HIDDEN, DIM),
            "fc1.bias": torch.zeros(HIDDEN),
            "fc2.weight": torch.zeros(DIM, HIDDEN),
            "fc2.bias": torch.zeros(DIM),
        }
    )
    torch.manual_seed(2)
    x = -torch.rand(3, DIM) - 0.5
    torch.testing.assert_close(
        block(x), x, msg="with a zero branch the block must return x itself, negatives included"
    )


def test_stack_applies_its_blocks_in_order():
    state = _weights(3, 3, 0.5)
    stack = make_stack(DIM, HIDDEN, 3)
    stack.load_state_dict(state)
    x = torch.randn(4, DIM)
    expected = x
    for i in range(3):
        expected = expected + _branch(state, i, expected)
    torch.testing.assert_close(stack(x), expected, msg="the stack should apply block 0, then 1, then 2")


def test_skips_keep_the_gradient_of_a_deep_stack_and_plain_stacks_lose_it():
    state = _weights(30, 4, 0.1)
    torch.manual_seed(5)
    x = torch.randn(4, DIM)
    identity = (4 * DIM) ** 0.5
    residual, plain = make_stack(DIM, HIDDEN, 30), make_stack(DIM, HIDDEN, 30, residual=False)
    residual.load_state_dict(state)
    plain.load_state_dict(state)
    with_skips, without = input_gradient_norm(residual, x), input_gradient_norm(plain, x)
    assert with_skips > 0.5 * identity, (
        f"30 residual blocks: gradient norm {with_skips:.3g}, expected near {identity:.3g}"
    )
    assert without < 1e-6 * identity, (
        f"30 plain blocks with small weights: gradient norm {without:.3g}; without skips it should vanish"
    )


def test_input_gradient_norm_leaves_x_alone():
    stack = make_stack(DIM, HIDDEN, 2)
    stack.load_state_dict(_weights(2, 6, 0.5))
    x = torch.randn(3, DIM)
    before = x.clone()
    input_gradient_norm(stack, x)
    assert torch.equal(x, before) and not x.requires_grad, "work on a copy of x"
