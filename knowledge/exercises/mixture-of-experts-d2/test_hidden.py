import torch
import torch.nn as nn
from exercise import MoELayer, TopKRouter, load_balancing_loss


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _marker(i, d):
    """An expert whose output says who it is: a one-hot vector for expert i, whatever the input."""
    expert = nn.Linear(d, d)
    with torch.no_grad():
        expert.weight.zero_()
        expert.bias.copy_(torch.nn.functional.one_hot(torch.tensor(i), d).float())
    return expert


def test_router_picks_the_top_k_logits_and_renormalises():
    torch.manual_seed(0)
    router = TopKRouter(8, num_experts=6, k=3)
    x = torch.randn(20, 8)
    gates, indices, probs = router(x)
    logits = router.gate(x)
    top, expected_idx = logits.topk(3, dim=-1)
    assert torch.equal(indices, expected_idx), "indices should be the k largest logits, largest first"
    _check(probs, torch.softmax(logits, -1), "probs is the softmax over all experts")
    _check(
        gates, torch.softmax(top, -1), "gates are the chosen experts' probabilities renormalised to sum to 1"
    )
    _check(gates.sum(-1), torch.ones(20), "gates must sum to 1 for every token")


def test_tokens_reach_the_experts_they_were_routed_to():
    torch.manual_seed(1)
    moe = MoELayer(d_model=6, d_hidden=4, num_experts=6, k=2)
    moe.experts = nn.ModuleList(_marker(i, 6) for i in range(6))
    x = torch.randn(12, 6)
    y, _ = moe(x)
    gates, indices, _ = moe.router(x)
    expected = torch.zeros(12, 6)
    expected.scatter_add_(1, indices, gates)
    _check(
        y,
        expected,
        "token t should get gates[t, j] of expert indices[t, j]'s output, summed over its k slots",
    )


def test_matches_a_token_by_token_reference():
    torch.manual_seed(2)
    moe = MoELayer(d_model=8, d_hidden=16, num_experts=4, k=2)
    x = torch.randn(3, 5, 8)
    y, _ = moe(x)
    flat = x.reshape(-1, 8)
    gates, indices, _ = moe.router(flat)
    rows = []
    for t in range(flat.size(0)):
        rows.append(sum(gates[t, j] * moe.experts[int(indices[t, j])](flat[t : t + 1])[0] for j in range(2)))
    _check(y, torch.stack(rows).reshape(3, 5, 8), "MoE output differs from a token-by-token loop")


def test_top_one_routing():
    torch.manual_seed(3)
    moe = MoELayer(d_model=8, d_hidden=16, num_experts=4, k=1)
    x = torch.randn(9, 8)
    y, _ = moe(x)
    _, indices, _ = moe.router(x)
    expected = torch.stack([moe.experts[int(indices[t, 0])](x[t : t + 1])[0] for t in range(9)])
    _check(y, expected, "with k=1 each token gets its single expert's output with gate 1")


def test_load_balancing_loss_formula():
    torch.manual_seed(4)
    probs = torch.softmax(torch.randn(10, 4), dim=-1)
    indices = torch.randint(0, 4, (10, 2))
    f = torch.stack([(indices == i).float().sum() for i in range(4)]) / indices.numel()
    expected = 4 * (f * probs.mean(0)).sum()
    _check(load_balancing_loss(probs, indices, 4), expected, "loss = E * sum_i f_i * P_i")
    uniform = torch.full((8, 4), 0.25)
    spread = torch.tensor([[0, 1], [2, 3]] * 4)
    _check(load_balancing_loss(uniform, spread, 4), torch.tensor(1.0), "perfectly balanced routing gives 1")


def test_router_receives_a_gradient_through_the_gates():
    torch.manual_seed(5)
    moe = MoELayer(d_model=8, d_hidden=16, num_experts=4, k=2)
    y, aux = moe(torch.randn(6, 8))
    (y.pow(2).sum() + aux).backward()
    grad = moe.router.gate.weight.grad
    assert grad is not None and grad.abs().sum() > 0, "the router must be trained through the gates"
