import torch
import torch.nn as nn
from exercise import TransformerBlock, flops_per_token

D, H, F = 32, 4, 64


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _pair(seed, norm_first=False):
    torch.manual_seed(seed)
    block = TransformerBlock(D, H, F, norm_first=norm_first)
    # make the LayerNorms' scale and shift non-trivial, so every parameter is exercised
    state = block.state_dict()
    for name in ("norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"):
        state[name] = torch.randn(D) * 0.5 + (1.0 if name.endswith("weight") else 0.0)
    block.load_state_dict(state)
    ref = nn.TransformerEncoderLayer(D, H, F, dropout=0.0, batch_first=True, norm_first=norm_first)
    ref.load_state_dict(block.state_dict())
    return block, ref


def test_post_norm_matches_torch():
    block, ref = _pair(1)
    x = torch.randn(3, 7, D)
    _check(block(x), ref(x), "post-norm: x = norm1(x + attn(x)); x = norm2(x + ffn(x))")


def test_pre_norm_matches_torch():
    block, ref = _pair(2, norm_first=True)
    x = torch.randn(3, 7, D) * 2
    _check(
        block(x),
        ref(x),
        "pre-norm: x = x + attn(norm1(x)); x = x + ffn(norm2(x)), no norm after the residual",
    )


def test_causal_block_matches_torch():
    block, ref = _pair(3)
    x = torch.randn(2, 6, D)
    mask = nn.Transformer.generate_square_subsequent_mask(6)
    out = block(x, causal=True)
    assert torch.isfinite(out).all(), (
        "NaN in the output: a whole row of scores was blocked (is the mask inverted?)"
    )
    _check(
        out, ref(x, src_mask=mask, is_causal=True), "causal output differs from nn.TransformerEncoderLayer"
    )


def test_causal_block_ignores_the_future():
    block, _ = _pair(4, norm_first=True)
    x = torch.randn(1, 6, D)
    changed = x.clone()
    changed[:, 4:] = torch.randn(1, 2, D)
    a, b = block(x, causal=True), block(changed, causal=True)
    assert torch.isfinite(a).all(), "NaN in the output: is the mask inverted?"
    _check(a[:, :4], b[:, :4], "with causal=True, changing positions 4 and 5 must not change positions 0..3")


def test_flops_per_token():
    assert flops_per_token(512, 2048, 1024) == 2 * (4 * 512**2 + 2 * 512 * 2048) + 4 * 1024 * 512, (
        "2 FLOPs per multiply-add: 2·(4·d² + 2·d·d_ff) for the weights plus 2·2·seq_len·d for q·k and the values"
    )
    longer = flops_per_token(512, 2048, 2048) - flops_per_token(512, 2048, 1024)
    assert longer == 4 * 1024 * 512, (
        "each extra position adds a dot product with q and a value to mix: 4·d FLOPs"
    )
