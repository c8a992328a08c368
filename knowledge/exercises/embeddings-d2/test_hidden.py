import torch
import torch.nn as nn
import torch.nn.functional as F
from exercise import Embedding, TiedLM, cosine_similarity_matrix, one_hot_embed


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_embedding_matches_nn_embedding():
    torch.manual_seed(0)
    W = torch.randn(20, 6)
    ours, ref = Embedding(20, 6), nn.Embedding(20, 6)
    ours.load_state_dict({"weight": W})
    ref.load_state_dict({"weight": W})
    ids = torch.randint(0, 20, (3, 7))
    _check(ours(ids), ref(ids), "Embedding differs from nn.Embedding with the same weight")


def test_one_hot_product_equals_the_lookup():
    torch.manual_seed(1)
    W = torch.randn(9, 5)
    ids = torch.randint(0, 9, (4, 3))
    _check(one_hot_embed(ids, W), W[ids], "one_hot(ids) @ W must equal the rows W[ids]")


def test_cosine_matrix_matches_torch_and_ignores_length():
    torch.manual_seed(2)
    E = torch.randn(5, 8) * torch.tensor([[1.0], [10.0], [0.1], [3.0], [1.0]])
    expected = F.cosine_similarity(E.unsqueeze(1), E.unsqueeze(0), dim=-1)
    _check(
        cosine_similarity_matrix(E),
        expected,
        "cosine similarities differ from F.cosine_similarity: normalize each row",
    )


def test_output_layer_is_tied_to_the_input_embedding():
    torch.manual_seed(3)
    W = torch.randn(15, 4)
    lm = TiedLM(15, 4)
    lm.load_state_dict({"embedding.weight": W}, strict=False)
    ids = torch.tensor([[2, 9, 14]])
    _check(
        lm(ids),
        W[ids] @ W.T,
        "logits must be embedding(ids) @ embedding.weight.T, with no separate output matrix",
    )


def test_tied_lm_has_a_single_table_of_parameters():
    torch.manual_seed(4)
    count = sum(p.numel() for p in TiedLM(100, 8).parameters())
    assert count == 100 * 8, f"TiedLM(100, 8) has {count} parameters; tied weights mean one 100 x 8 table"
