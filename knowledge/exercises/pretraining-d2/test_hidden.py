import math
import warnings

import torch
from exercise import clip_grad_norm, lr_at, pack


def test_documents_are_separated_by_eos():
    blocks = pack([[5, 6], [7, 8, 9], [10]], block_size=4, eos_id=99)
    assert blocks.tolist() == [[5, 6, 99, 7], [8, 9, 99, 10]], (
        f"got {blocks.tolist()}: put eos_id after every document so the model sees where each one ends"
    )


def test_packing_drops_only_the_incomplete_tail():
    torch.manual_seed(0)
    docs = [torch.randint(1, 50, (n,)).tolist() for n in (7, 3, 12, 5)]
    blocks = pack(docs, block_size=8, eos_id=0)
    stream = [t for d in docs for t in (*d, 0)]  # 31 tokens
    assert blocks.shape == (3, 8), f"31 tokens make 3 full blocks of 8, got {tuple(blocks.shape)}"
    assert blocks.flatten().tolist() == stream[:24]


def _torch_schedule(max_lr, warmup, total, min_lr):
    opt = torch.optim.AdamW([torch.zeros(1, requires_grad=True)], lr=max_lr)
    schedulers = [
        torch.optim.lr_scheduler.LinearLR(
            opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1
        ),
        torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=min_lr),
    ]
    schedule = torch.optim.lr_scheduler.SequentialLR(opt, schedulers, milestones=[warmup])
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(total):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            schedule.step()
    return lrs


def test_schedule_matches_torch_linear_then_cosine():
    torch.manual_seed(0)
    expected = _torch_schedule(3e-4, warmup=5, total=40, min_lr=3e-5)
    got = [lr_at(s, 3e-4, 5, 40, 3e-5) for s in range(40)]
    for step, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert math.isclose(g, e, rel_tol=1e-6, abs_tol=1e-12), (
            f"step {step}: lr {g:.3e}, torch gives {e:.3e}; the cosine runs over the steps after warmup"
        )


def test_cosine_starts_at_the_peak_right_after_warmup():
    assert math.isclose(lr_at(10, 1.0, 10, 110), 1.0), "no jump down at the end of warmup"
    assert math.isclose(lr_at(60, 1.0, 10, 110), 0.5), "halfway through the decay the lr is half the peak"


def test_clipping_uses_one_global_norm_like_torch():
    torch.manual_seed(1)
    shapes = [(4, 3), (3,), (2, 2, 2)]
    grads = [torch.randn(s) * 3 for s in shapes]
    params = [torch.zeros(s, requires_grad=True) for s in shapes]
    for p, g in zip(params, grads, strict=True):
        p.grad = g.clone()
    expected_norm = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0).item()
    clipped, norm = clip_grad_norm([g.clone() for g in grads], max_norm=1.0)
    assert math.isclose(norm, expected_norm, rel_tol=1e-5), f"norm {norm}, torch gives {expected_norm}"
    for p, c in zip(params, clipped, strict=True):
        torch.testing.assert_close(
            c,
            p.grad,
            atol=1e-5,
            rtol=1e-4,
            msg="clipped gradients differ from clip_grad_norm_: scale every tensor by max_norm / global norm",
        )


def test_clipping_keeps_the_direction_of_the_update():
    torch.manual_seed(2)
    grads = [torch.randn(5) * 10, torch.randn(2) * 0.01]
    clipped, _ = clip_grad_norm(grads, max_norm=0.5)
    ratios = [(c / g) for c, g in zip(clipped, grads, strict=True)]
    scale = ratios[0][0].item()
    for r in ratios:
        torch.testing.assert_close(
            r,
            torch.full_like(r, scale),
            msg="every gradient must be scaled by the same factor, or the update changes direction",
        )
    total = math.sqrt(sum((c**2).sum().item() for c in clipped))
    assert math.isclose(total, 0.5, rel_tol=1e-4), f"the clipped global norm is {total}, expected 0.5"


def test_clipping_does_not_change_its_input():
    torch.manual_seed(3)
    grads = [torch.randn(6) * 5]
    before = grads[0].clone()
    clip_grad_norm(grads, max_norm=1.0)
    assert torch.equal(grads[0], before), (
        "return new tensors; the gradients you were given must stay as they were"
    )
