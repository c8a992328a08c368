import torch
from exercise import fit, mse_gradients


def test_gradients_are_zero_at_a_perfect_fit():
    torch.manual_seed(0)
    X, w, b = torch.randn(5, 2), torch.tensor([1.0, -2.0]), torch.tensor(0.5)
    loss, dw, db = mse_gradients(X, X @ w + b, w, b)
    assert loss.item() == 0
    assert dw.shape == (2,) and torch.allclose(dw, torch.zeros(2)) and abs(db.item()) < 1e-7


def test_full_batch_fit_lowers_the_loss():
    torch.manual_seed(0)
    X = torch.randn(20, 3)
    y = X @ torch.tensor([2.0, 0.0, -1.0]) + 0.3
    w, b, history = fit(X, y, lr=0.1, epochs=100)
    assert len(history) == 100, "one full-batch step per epoch"
    assert history[-1] < history[0] / 100
    torch.testing.assert_close(w, torch.tensor([2.0, 0.0, -1.0]), atol=1e-2, rtol=0)
