import torch
from exercise import minimise_quadratic, sgd_momentum_step


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _problem(seed):
    torch.manual_seed(seed)
    Q = torch.linalg.qr(torch.randn(3, 3)).Q
    A = Q @ torch.diag(torch.tensor([10.0, 1.0, 0.1])) @ Q.T
    return A, torch.randn(3), torch.randn(3)


def _torch_trajectory(A, b, x0, lr, momentum, nesterov, steps):
    p = torch.nn.Parameter(x0.clone())
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum, nesterov=nesterov)
    xs = []
    for _ in range(steps):
        p.grad = (A @ p - b).detach()
        opt.step()
        xs.append(p.detach().clone())
    return xs


def _our_trajectory(A, b, x0, lr, momentum, nesterov, steps):
    x, v, xs = x0.clone(), torch.zeros(3), []
    for _ in range(steps):
        x, v = sgd_momentum_step(x, A @ x - b, v, lr, momentum, nesterov)
        xs.append(x)
    return xs


def test_classical_momentum_matches_torch_sgd():
    A, b, x0 = _problem(0)
    ours, ref = (
        _our_trajectory(A, b, x0, 0.05, 0.9, False, 8),
        _torch_trajectory(A, b, x0, 0.05, 0.9, False, 8),
    )
    for t, (a, r) in enumerate(zip(ours, ref, strict=True)):
        _check(a, r, f"step {t + 1} differs from torch.optim.SGD(momentum=0.9): v ← μ v + g, θ ← θ − lr v")


def test_nesterov_matches_torch_sgd():
    A, b, x0 = _problem(1)
    ours, ref = _our_trajectory(A, b, x0, 0.05, 0.9, True, 8), _torch_trajectory(A, b, x0, 0.05, 0.9, True, 8)
    for t, (a, r) in enumerate(zip(ours, ref, strict=True)):
        _check(a, r, f"step {t + 1} differs from SGD(nesterov=True): move by −lr (g + μ v), with the new v")


def test_momentum_speeds_up_an_ill_conditioned_problem():
    A, b, x0 = _problem(3)
    best = (-0.5 * b @ torch.linalg.solve(A, b)).item()
    plain = minimise_quadratic(A, b, x0, 0.1, 0.0, False, 100)
    heavy = minimise_quadratic(A, b, x0, 0.1, 0.9, False, 100)
    nest = minimise_quadratic(A, b, x0, 0.1, 0.9, True, 100)
    assert len(plain) == 101, f"expected f at x0 and after each of 100 steps, got {len(plain)} values"
    gap_plain, gap_heavy, gap_nest = plain[-1] - best, heavy[-1] - best, nest[-1] - best
    assert gap_heavy < gap_plain / 10, (
        f"after 100 steps plain SGD is {gap_plain:.3g} above the minimum and momentum {gap_heavy:.3g}: "
        "momentum should be far closer along the flat direction"
    )
    assert gap_nest < gap_plain / 10, (
        f"Nesterov momentum is {gap_nest:.3g} above the minimum, plain SGD {gap_plain:.3g}"
    )
