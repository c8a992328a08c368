import torch
import torch.nn as nn
import torch.nn.functional as F
from exercise import early_stopping, fine_tune


def _pretrained(seed, d_in=8, d_hidden=6, n_classes=3):
    torch.manual_seed(seed)
    backbone, head = nn.Linear(d_in, d_hidden), nn.Linear(d_hidden, n_classes)
    state = {
        "backbone.weight": backbone.weight.detach().clone(),
        "backbone.bias": backbone.bias.detach().clone(),
        "head.weight": head.weight.detach().clone(),
        "head.bias": head.bias.detach().clone(),
    }
    X, y = torch.randn(32, d_in), torch.randint(0, n_classes, (32,))
    return state, X, y


def _reference(state, X, y, lr, steps, freeze):
    """The same fine-tuning written out with plain tensors and torch.optim.SGD."""
    params = {
        k: v.clone().requires_grad_(not (freeze and k.startswith("backbone"))) for k, v in state.items()
    }
    optimizer = torch.optim.SGD([p for p in params.values() if p.requires_grad], lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        hidden = torch.relu(X @ params["backbone.weight"].T + params["backbone.bias"])
        loss = F.cross_entropy(hidden @ params["head.weight"].T + params["head.bias"], y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {k: v.detach() for k, v in params.items()}, losses


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_frozen_backbone_does_not_move():
    state, X, y = _pretrained(0)
    new_state, _ = fine_tune(state, X, y, lr=0.3, steps=10, freeze_backbone=True)
    for name in ("backbone.weight", "backbone.bias"):
        assert torch.equal(new_state[name], state[name]), (
            f"{name} changed although the backbone is frozen: its parameters must not be updated"
        )
    assert not torch.equal(new_state["head.weight"], state["head.weight"]), "the head must still learn"


def test_head_only_fine_tuning_matches_torch_sgd():
    state, X, y = _pretrained(1)
    new_state, losses = fine_tune(state, X, y, lr=0.2, steps=15, freeze_backbone=True)
    expected, expected_losses = _reference(state, X, y, 0.2, 15, freeze=True)
    for name in expected:
        _check(new_state[name], expected[name], f"{name} differs from 15 steps of SGD on the head only")
    _check(torch.tensor(losses), torch.tensor(expected_losses), "losses[i] is the loss just before update i")


def test_full_fine_tuning_updates_every_layer_like_torch_sgd():
    state, X, y = _pretrained(2)
    new_state, _ = fine_tune(state, X, y, lr=0.1, steps=10, freeze_backbone=False)
    expected, _ = _reference(state, X, y, 0.1, 10, freeze=False)
    for name in expected:
        _check(new_state[name], expected[name], f"{name} differs from 10 steps of SGD on the whole model")


def test_keeps_the_best_epoch_not_the_last():
    best, stop = early_stopping([0.9, 0.5, 0.6, 0.7, 0.8, 0.4], patience=3)
    assert (best, stop) == (1, 4), (
        f"got ({best}, {stop}): the lowest held-out loss before stopping is at epoch 1; "
        "training stops at epoch 4, but the weights to keep are epoch 1's"
    )


def test_an_equal_loss_is_not_an_improvement():
    assert early_stopping([1.0, 0.5, 0.5, 0.5], patience=2) == (1, 3)


def test_runs_to_the_end_when_it_keeps_improving():
    assert early_stopping([3.0, 2.0, 1.5, 1.2, 1.1], patience=2) == (4, 4)
    assert early_stopping([1.0, 1.1, 0.9, 1.0], patience=5) == (2, 3)
