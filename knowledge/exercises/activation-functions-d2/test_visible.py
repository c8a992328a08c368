import torch
from exercise import dead_units, relu, relu_grad, sigmoid, sigmoid_grad, stack_gradient, tanh, tanh_grad


def test_values_at_zero():
    torch.manual_seed(0)
    z = torch.zeros(3)
    torch.testing.assert_close(sigmoid(z), torch.full((3,), 0.5))
    torch.testing.assert_close(tanh(z), z)
    torch.testing.assert_close(relu(torch.tensor([-1.0, 2.0])), torch.tensor([0.0, 2.0]))


def test_derivatives_at_zero():
    torch.manual_seed(0)
    z = torch.zeros(2)
    torch.testing.assert_close(sigmoid_grad(z), torch.full((2,), 0.25))
    torch.testing.assert_close(tanh_grad(z), torch.ones(2))
    torch.testing.assert_close(relu_grad(torch.tensor([-1.0, 0.0, 3.0])), torch.tensor([0.0, 0.0, 1.0]))


def test_one_layer_stack_is_the_derivative():
    torch.manual_seed(0)
    x = torch.randn(5)
    torch.testing.assert_close(stack_gradient(x, "tanh", 1), tanh_grad(x))


def test_a_unit_with_a_large_negative_bias_is_dead():
    torch.manual_seed(0)
    X, W = torch.randn(8, 3), torch.randn(2, 3)
    dead = dead_units(X, W, torch.tensor([-100.0, 100.0]))
    assert dead.tolist() == [True, False]
