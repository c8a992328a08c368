import torch
import torch.nn as nn
from exercise import block_parameters, block_shapes


def test_heads_come_before_positions():
    shapes = block_shapes(batch=3, seq=7, d_model=48, num_heads=6, d_ff=192)
    assert shapes["queries"] == (3, 6, 7, 8), (
        f"got {shapes['queries']}: the queries are split into (batch, heads, seq, d_k) with d_k = 48 / 6"
    )


def test_every_head_scores_every_pair_of_positions():
    shapes = block_shapes(batch=3, seq=7, d_model=48, num_heads=6, d_ff=192)
    assert shapes["scores"] == (3, 6, 7, 7), f"got {shapes['scores']}: one seq × seq score matrix per head"
    assert shapes["attention_output"] == (3, 7, 48), (
        "merging the heads and W_O bring back (batch, seq, d_model)"
    )


def test_feed_forward_has_two_layers():
    counts = block_parameters(d_model=512, d_ff=2048)
    assert counts["ffn"] == 512 * 2048 + 2048 + 2048 * 512 + 512, (
        f"got {counts['ffn']}: the feed-forward is Linear(d_model, d_ff) then Linear(d_ff, d_model), with biases"
    )


def test_two_layer_norms_each_have_a_scale_and_a_shift():
    assert block_parameters(d_model=512, d_ff=2048)["norms"] == 2 * 2 * 512, (
        "each LayerNorm learns a scale and a shift per feature, and a block has two"
    )


def test_total_matches_torch_transformer_encoder_layer():
    torch.manual_seed(0)
    for d_model, heads, d_ff in ((64, 4, 256), (96, 8, 384), (512, 8, 2048)):
        layer = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=d_ff)
        expected = sum(p.numel() for p in layer.parameters())
        got = block_parameters(d_model, d_ff)["total"]
        assert got == expected, (
            f"d_model={d_model}, d_ff={d_ff}: got {got}, nn.TransformerEncoderLayer has {expected}"
        )
