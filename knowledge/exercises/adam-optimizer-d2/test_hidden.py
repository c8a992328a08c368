import torch
from exercise import adam_step


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-6, rtol=1e-5, msg=lambda m: f"{what}\n{m}")


def _grad(p):
    # gradient of a fixed quadratic with very different scales per coordinate
    return torch.tensor([100.0, 1.0, 0.01, 3.0]) * (p - torch.tensor([1.0, -2.0, 0.5, 0.0]))


def _compare(opt_class, steps, decoupled, **kw):
    torch.manual_seed(0)
    start = torch.randn(4)
    ref = torch.nn.Parameter(start.clone())
    opt = opt_class([ref], **kw)
    p, m, v = start.clone(), torch.zeros(4), torch.zeros(4)
    lr, betas = kw["lr"], kw.get("betas", (0.9, 0.999))
    eps, wd = kw.get("eps", 1e-8), kw.get("weight_decay", 0.0)
    for t in range(1, steps + 1):
        g = _grad(p)
        ref.grad = _grad(ref.detach())
        opt.step()
        p, m, v = adam_step(p, g, m, v, t, lr, betas=betas, eps=eps, weight_decay=wd, decoupled=decoupled)
        yield t, p, ref.detach()


def test_matches_torch_adam():
    for t, p, ref in _compare(torch.optim.Adam, 10, False, lr=0.05):
        _check(p, ref, f"step {t} differs from torch.optim.Adam: bias-correct m and v with 1 − β^t")


def test_matches_torch_adam_with_other_betas_and_a_large_eps():
    for t, p, ref in _compare(torch.optim.Adam, 6, False, lr=0.1, betas=(0.5, 0.9), eps=0.1):
        _check(p, ref, f"step {t} differs from torch.optim.Adam(eps=0.1): divide by √v̂ + ε, not √(v̂ + ε)")


def test_l2_penalty_matches_torch_adam_weight_decay():
    for t, p, ref in _compare(torch.optim.Adam, 8, False, lr=0.05, weight_decay=0.1):
        _check(
            p, ref, f"step {t} differs from Adam(weight_decay=0.1): add weight_decay · param to the gradient"
        )


def test_decoupled_decay_matches_torch_adamw():
    for t, p, ref in _compare(torch.optim.AdamW, 8, True, lr=0.05, weight_decay=0.1):
        _check(
            p,
            ref,
            f"step {t} differs from torch.optim.AdamW: shrink param by (1 − lr · weight_decay), "
            "then step with the raw gradient",
        )
