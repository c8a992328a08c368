import torch
from exercise import activation_stds, kaiming_normal, xavier_uniform


def test_shapes_follow_nn_linear():
    torch.manual_seed(0)
    assert xavier_uniform(3, 5).shape == (3, 5)
    assert kaiming_normal(3, 5).shape == (3, 5)


def test_xavier_std_of_a_square_matrix():
    torch.manual_seed(0)
    std = xavier_uniform(256, 256).std().item()
    assert abs(std - (2 / 512) ** 0.5) < 0.03 * (2 / 512) ** 0.5, f"std {std:.4f}, expected 0.0625"


def test_activation_stds_gives_one_value_per_layer():
    torch.manual_seed(0)
    stds = activation_stds([torch.eye(4), 2 * torch.eye(4)], torch.randn(100, 4))
    assert len(stds) == 2 and all(isinstance(s, float) for s in stds)
    assert abs(stds[1] - 2 * stds[0]) < 1e-5, "the second layer doubles the (relu) activations"
