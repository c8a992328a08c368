import torch
from exercise import MoELayer, TopKRouter


def test_router_shapes_and_gates_sum_to_one():
    torch.manual_seed(0)
    router = TopKRouter(d_model=8, num_experts=4, k=2)
    gates, indices, probs = router(torch.randn(10, 8))
    assert gates.shape == (10, 2) and indices.shape == (10, 2) and probs.shape == (10, 4)
    torch.testing.assert_close(gates.sum(-1), torch.ones(10))


def test_layer_keeps_the_input_shape():
    torch.manual_seed(0)
    moe = MoELayer(d_model=8, d_hidden=16, num_experts=4, k=2)
    y, aux = moe(torch.randn(2, 5, 8))
    assert y.shape == (2, 5, 8), f"y is {tuple(y.shape)}, expected (2, 5, 8)"
    assert aux.dim() == 0, "the auxiliary loss is a scalar"
