import torch
import torch.nn as nn
from exercise import TransformerBlock, flops_per_token


def test_output_keeps_the_input_shape():
    torch.manual_seed(0)
    block = TransformerBlock(d_model=16, num_heads=4, d_ff=32)
    assert block(torch.randn(2, 5, 16)).shape == (2, 5, 16)


def test_post_norm_block_matches_torch():
    torch.manual_seed(0)
    block = TransformerBlock(16, 4, 32)
    ref = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, batch_first=True)
    ref.load_state_dict(block.state_dict())
    x = torch.randn(2, 5, 16)
    torch.testing.assert_close(block(x), ref(x), atol=1e-5, rtol=1e-4)


def test_flops_without_attention_are_twice_the_matrix_weights():
    # with seq_len = 0 only the weights count: 2 FLOPs for each of 4·d² + 2·d·d_ff
    assert flops_per_token(8, 32, 0) == 2 * (4 * 8 * 8 + 2 * 8 * 32)
