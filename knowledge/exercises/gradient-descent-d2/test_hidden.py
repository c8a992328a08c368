import torch
import torch.nn as nn
import torch.nn.functional as F
from exercise import fit, mse_gradients


def _check(actual, expected, what, atol=1e-5):
    torch.testing.assert_close(actual, expected, atol=atol, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _data(seed, n=24, d=3):
    torch.manual_seed(seed)
    X = torch.randn(n, d)
    y = X @ torch.randn(d) + 0.7 + 0.1 * torch.randn(n)
    return X, y


def test_gradients_match_autograd():
    X, y = _data(0)
    torch.manual_seed(0)
    w, b = torch.randn(3, requires_grad=True), torch.randn((), requires_grad=True)
    loss = ((X @ w + b - y) ** 2).mean()
    loss.backward()
    got_loss, dw, db = mse_gradients(X, y, w.detach(), b.detach())
    _check(got_loss, loss.detach(), "the loss is the mean of the squared residuals")
    _check(dw, w.grad, "dw should be (2/N) Xᵀ r: the derivative of r² is 2r")
    _check(db, b.grad, "db should be (2/N) Σ r")


def _sgd_reference(X, y, lr, epochs, batch_size):
    lin = nn.Linear(X.shape[1], 1)
    nn.init.zeros_(lin.weight)
    nn.init.zeros_(lin.bias)
    opt = torch.optim.SGD(lin.parameters(), lr=lr)
    size = len(X) if batch_size is None else batch_size
    history = []
    for _ in range(epochs):
        for i in range(0, len(X), size):
            loss = F.mse_loss(lin(X[i : i + size]).squeeze(-1), y[i : i + size])
            history.append(loss.item())
            opt.zero_grad()
            loss.backward()
            opt.step()
    return lin.weight.detach().squeeze(0), lin.bias.detach().squeeze(0), history


def test_full_batch_fit_matches_torch_sgd():
    X, y = _data(1)
    w, b, history = fit(X, y, lr=0.05, epochs=30)
    ref_w, ref_b, ref_history = _sgd_reference(X, y, 0.05, 30, None)
    _check(w, ref_w, "w after 30 full-batch steps differs from torch.optim.SGD", atol=1e-4)
    _check(
        b, ref_b, "b after 30 full-batch steps differs from torch.optim.SGD: is the bias updated?", atol=1e-4
    )
    _check(torch.tensor(history), torch.tensor(ref_history), "the loss history differs", atol=1e-4)


def test_mini_batch_fit_matches_torch_sgd():
    X, y = _data(2, n=22)
    w, b, history = fit(X, y, lr=0.05, epochs=3, batch_size=5)
    ref_w, ref_b, ref_history = _sgd_reference(X, y, 0.05, 3, 5)
    assert len(history) == len(ref_history) == 15, (
        f"22 rows in batches of 5 make 5 steps per epoch (the last batch has 2 rows); got {len(history)} steps"
    )
    _check(
        torch.tensor(history),
        torch.tensor(ref_history),
        "the batch losses differ: each batch's gradient is the mean over that batch's own rows",
        atol=1e-4,
    )
    _check(w, ref_w, "w after mini-batch descent differs from torch.optim.SGD", atol=1e-4)
    _check(b, ref_b, "b after mini-batch descent differs from torch.optim.SGD", atol=1e-4)


def test_fit_reaches_the_least_squares_solution():
    X, y = _data(3, n=40, d=2)
    w, b, _ = fit(X, y, lr=0.1, epochs=300)
    A = torch.cat([X, torch.ones(40, 1)], dim=1)
    best = torch.linalg.lstsq(A, y.unsqueeze(1)).solution.squeeze(1)
    _check(
        torch.cat([w, b.reshape(1)]),
        best,
        "full-batch descent should converge to the least-squares fit",
        atol=1e-3,
    )
