import torch
from exercise import count_parameters, make_mlp, predict, train


def test_layers_alternate_linear_and_relu():
    torch.manual_seed(0)
    shapes = {k: tuple(v.shape) for k, v in make_mlp([4, 8, 3]).state_dict().items()}
    assert shapes == {"0.weight": (8, 4), "0.bias": (8,), "2.weight": (3, 8), "2.bias": (3,)}, shapes


def test_parameter_count_of_a_small_mlp():
    torch.manual_seed(0)
    assert count_parameters(make_mlp([4, 8, 3])) == 4 * 8 + 8 + 8 * 3 + 3


def test_training_lowers_the_loss_and_predicts_classes():
    torch.manual_seed(0)
    X = torch.randn(32, 4)
    y = (X[:, 0] > 0).long()
    model = make_mlp([4, 8, 2])
    losses = train(model, X, y, steps=20, lr=0.5)
    assert len(losses) == 20 and losses[-1] < losses[0], f"losses went from {losses[0]} to {losses[-1]}"
    assert predict(model, X).shape == (32,)
