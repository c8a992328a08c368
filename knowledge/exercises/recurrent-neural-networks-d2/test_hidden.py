import torch
import torch.nn as nn
from exercise import VanillaRNN, bptt, clip_grad_norm

IN, HID = 3, 5


def _weights(seed, scale=0.5, dtype=torch.float32):
    torch.manual_seed(seed)
    return {
        "weight_ih_l0": torch.randn(HID, IN, dtype=dtype) * scale,
        "weight_hh_l0": torch.randn(HID, HID, dtype=dtype) * scale,
        "bias_ih_l0": torch.randn(HID, dtype=dtype) * 0.1,
        "bias_hh_l0": torch.randn(HID, dtype=dtype) * 0.1,
    }


def _check(actual, expected, what, atol=1e-5):
    torch.testing.assert_close(actual, expected, atol=atol, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_forward_matches_nn_rnn():
    state = _weights(0)
    ours, ref = VanillaRNN(IN, HID), nn.RNN(IN, HID, batch_first=True)
    ours.load_state_dict(state)
    ref.load_state_dict(state)
    x, h0 = torch.randn(2, 6, IN), torch.randn(1, 2, HID)
    for args in ((x,), (x, h0)):
        out, h_n = ours(*args)
        ref_out, ref_h = ref(*args)
        _check(out, ref_out, "outputs differ from nn.RNN(batch_first=True) with the same weights")
        _check(h_n, ref_h, "h_n differs from nn.RNN")


def _autograd(x, target, weights):
    rnn = nn.RNN(IN, HID, batch_first=True).double()
    rnn.load_state_dict(weights)
    _, h_n = rnn(x.unsqueeze(0))
    loss = 0.5 * (h_n[0, 0] - target).pow(2).sum()
    loss.backward()
    return loss.detach(), {k: p.grad for k, p in rnn.named_parameters()}


def test_bptt_matches_autograd_over_a_long_sequence():
    weights = _weights(1, scale=0.6, dtype=torch.float64)
    torch.manual_seed(1)
    x, target = torch.randn(12, IN, dtype=torch.float64), torch.randn(HID, dtype=torch.float64)
    loss, grads = bptt(x, target, weights)
    ref_loss, ref_grads = _autograd(x, target, weights)
    _check(loss, ref_loss, "loss should be 0.5 * ||h_T - target||^2", atol=1e-9)
    for name in ("bias_hh_l0", "bias_ih_l0", "weight_hh_l0", "weight_ih_l0"):
        _check(
            grads[name],
            ref_grads[name],
            f"d{name} differs from autograd over 12 steps: send W_hh^T dz back to every earlier step",
            atol=1e-9,
        )


def test_clipping_uses_one_norm_for_all_gradients():
    torch.manual_seed(2)
    grads = {"w": torch.randn(4, 3) * 10, "b": torch.randn(4) * 0.1}
    before = {k: g.clone() for k, g in grads.items()}
    clipped, total = clip_grad_norm(grads, max_norm=1.0)
    params = [torch.zeros_like(g, requires_grad=True) for g in before.values()]
    for p, g in zip(params, before.values(), strict=True):
        p.grad = g.clone()
    ref_total = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0)
    assert abs(total - ref_total.item()) < 1e-4, (
        f"total norm {total}, clip_grad_norm_ gives {ref_total.item()}"
    )
    for (name, got), p in zip(clipped.items(), params, strict=True):
        _check(got, p.grad, f"clipped {name} differs: scale every gradient by max_norm / (total_norm + 1e-6)")
    for k in grads:
        assert torch.equal(grads[k], before[k]), (
            "clip_grad_norm must return new tensors, not change its input"
        )
