import torch
import torch.nn.functional as F
from exercise import count_parameters, make_mlp, predict, train


def _weights(sizes, seed):
    torch.manual_seed(seed)
    state = {}
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        state[f"{2 * i}.weight"] = torch.randn(n_out, n_in) / n_in**0.5
        state[f"{2 * i}.bias"] = torch.randn(n_out) * 0.1
    return state


def _forward(state, X, n_layers):
    for i in range(n_layers):
        X = F.linear(X, state[f"{2 * i}.weight"], state[f"{2 * i}.bias"])
        if i < n_layers - 1:
            X = torch.relu(X)
    return X


def test_forward_matches_linear_relu_linear_relu_linear():
    sizes = [3, 6, 5, 4]
    state = _weights(sizes, 1)
    model = make_mlp(sizes)
    model.load_state_dict(state)
    X = torch.randn(7, 3)
    torch.testing.assert_close(
        model(X),
        _forward(state, X, 3),
        msg="the output differs: relu between layers, none after the last one",
    )


def test_parameter_counts_include_biases():
    for sizes, expected in [([2, 16, 16, 3], 371), ([10, 1], 11)]:
        got = count_parameters(make_mlp(sizes))
        assert got == expected, (
            f"make_mlp({sizes}) has {expected} parameters, counted {got}: include the biases"
        )


def test_training_follows_plain_sgd_step_by_step():
    sizes = [3, 5, 2]
    state = _weights(sizes, 2)
    torch.manual_seed(2)
    X, y = torch.randn(10, 3), torch.randint(0, 2, (10,))
    model = make_mlp(sizes)
    model.load_state_dict(state)
    losses = train(model, X, y, steps=4, lr=0.3)
    ref = {k: v.clone().requires_grad_(True) for k, v in state.items()}
    for step in range(4):
        loss = F.cross_entropy(_forward(ref, X, 2), y)
        grads = torch.autograd.grad(loss, list(ref.values()))
        assert abs(losses[step] - loss.item()) < 1e-5, (
            f"loss at step {step} is {losses[step]}, expected {loss.item()}: zero the gradients every step "
            "(backward adds to .grad) and record the loss before the update"
        )
        ref = {
            k: (v - 0.3 * g).detach().requires_grad_(True)
            for (k, v), g in zip(ref.items(), grads, strict=False)
        }
    for k, v in model.state_dict().items():
        torch.testing.assert_close(v, ref[k].detach(), msg=f"{k} after 4 steps differs from plain SGD")


def test_learns_xor_which_a_linear_model_cannot():
    torch.manual_seed(3)
    X = torch.rand(200, 2) * 2 - 1
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).long()
    model = make_mlp([2, 32, 2])
    model.load_state_dict(_weights([2, 32, 2], 3))
    train(model, X, y, steps=400, lr=0.5)
    accuracy = (predict(model, X) == y).float().mean().item()
    assert accuracy > 0.9, f"accuracy {accuracy:.2f} on XOR after 400 steps; expected above 0.9"
