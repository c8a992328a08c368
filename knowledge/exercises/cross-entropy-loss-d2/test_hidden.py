import torch
import torch.nn.functional as F
from exercise import cross_entropy, cross_entropy_grad, perplexity


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_loss_matches_torch():
    torch.manual_seed(0)
    logits, targets = torch.randn(8, 5) * 2, torch.randint(0, 5, (8,))
    _check(
        cross_entropy(logits, targets),
        F.cross_entropy(logits, targets),
        "loss differs from F.cross_entropy (which averages over the batch)",
    )


def test_loss_does_not_depend_on_the_batch_size():
    torch.manual_seed(1)
    logits, targets = torch.randn(3, 4), torch.randint(0, 4, (3,))
    twice = cross_entropy(logits.repeat(2, 1), targets.repeat(2))
    _check(
        twice,
        cross_entropy(logits, targets),
        "repeating the batch changed the loss: take the mean, not the sum",
    )


def test_large_logit_gaps_stay_finite_and_exact():
    torch.manual_seed(2)
    logits = torch.tensor([[0.0, 200.0, -50.0], [300.0, 0.0, 1.0]])
    targets = torch.tensor([0, 1])
    loss = cross_entropy(logits, targets)
    assert torch.isfinite(loss), (
        "logits 200 apart gave inf or nan: exp overflows and log(softmax) underflows to log 0, use the log-sum-exp trick"
    )
    _check(loss, F.cross_entropy(logits, targets), "the loss of confident wrong predictions is the logit gap")


def test_gradient_matches_autograd():
    torch.manual_seed(3)
    logits, targets = torch.randn(6, 4), torch.randint(0, 4, (6,))
    z = logits.clone().requires_grad_(True)
    F.cross_entropy(z, targets).backward()
    _check(
        cross_entropy_grad(logits, targets),
        z.grad,
        "gradient differs from autograd: (softmax − one_hot) / N, the mean divides by the batch size",
    )


def test_perplexity_matches_exp_of_torch_loss():
    torch.manual_seed(4)
    logits, targets = torch.randn(10, 6), torch.randint(0, 6, (10,))
    _check(
        perplexity(logits, targets),
        torch.exp(F.cross_entropy(logits, targets)),
        "perplexity = exp(mean loss)",
    )
