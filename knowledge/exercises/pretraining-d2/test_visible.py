import math

import torch
from exercise import clip_grad_norm, lr_at, pack


def test_pack_two_short_documents():
    blocks = pack([[1, 2, 3], [4, 5]], block_size=3, eos_id=0)
    # stream 1 2 3 0 4 5 0 -> two full blocks, the last 0 is dropped
    assert blocks.tolist() == [[1, 2, 3], [0, 4, 5]]
    assert blocks.dtype == torch.long


def test_warmup_then_peak():
    assert math.isclose(lr_at(0, 1.0, warmup_steps=4, total_steps=20), 0.25)
    assert math.isclose(lr_at(3, 1.0, warmup_steps=4, total_steps=20), 1.0)
    assert math.isclose(lr_at(20, 1.0, warmup_steps=4, total_steps=20, min_lr=0.1), 0.1)


def test_small_gradients_are_left_alone():
    torch.manual_seed(0)
    grads = [torch.full((2,), 0.1), torch.full((3, 1), 0.1)]
    clipped, norm = clip_grad_norm(grads, max_norm=1.0)
    assert math.isclose(norm, math.sqrt(5 * 0.01), rel_tol=1e-6)
    for g, c in zip(grads, clipped, strict=True):
        torch.testing.assert_close(c, g)
