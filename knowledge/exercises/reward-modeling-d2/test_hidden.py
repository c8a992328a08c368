import torch
import torch.nn.functional as F
from exercise import RewardModel, pairwise_loss, preference_accuracy

V, D = 30, 6


def _weights(seed):
    torch.manual_seed(seed)
    return {
        "embed.weight": torch.randn(V, D),
        "body.weight": torch.randn(D, D) * 0.5,
        "body.bias": torch.randn(D) * 0.1,
        "head.weight": torch.randn(1, D),
        "head.bias": torch.randn(1),
    }


def _expected(w, ids):
    """The reward of one unpadded sequence, written out."""
    x = w["embed.weight"][ids]
    mean = x.mean(dim=0)  # the running mean at the last token is the mean of all of them
    h = torch.tanh(w["body.weight"] @ mean + w["body.bias"])
    return (w["head.weight"] @ h + w["head.bias"]).squeeze()


def _model(w):
    model = RewardModel(V, D)
    model.load_state_dict(w)
    return model


def test_reward_matches_the_formula():
    w = _weights(0)
    torch.manual_seed(0)
    ids = torch.randint(0, V, (2, 5))
    rewards = _model(w)(ids, torch.ones(2, 5, dtype=torch.long))
    expected = torch.stack([_expected(w, row) for row in ids])
    torch.testing.assert_close(
        rewards,
        expected,
        atol=1e-5,
        rtol=1e-4,
        msg="rewards differ from head(tanh(body(mean of the embeddings)))",
    )


def test_padding_does_not_change_a_reward():
    w = _weights(1)
    torch.manual_seed(1)
    short, long = torch.randint(1, V, (3,)), torch.randint(1, V, (7,))
    ids = torch.zeros(2, 7, dtype=torch.long)
    ids[0, :3], ids[1] = short, long
    mask = torch.zeros(2, 7, dtype=torch.long)
    mask[0, :3], mask[1] = 1, 1
    rewards = _model(w)(ids, mask)
    torch.testing.assert_close(
        rewards[0],
        _expected(w, short),
        atol=1e-5,
        rtol=1e-4,
        msg="the short sequence's reward changed with padding: read it at its last real token",
    )
    torch.testing.assert_close(rewards[1], _expected(w, long), atol=1e-5, rtol=1e-4)


def test_loss_matches_binary_cross_entropy_with_logits():
    torch.manual_seed(2)
    chosen, rejected = torch.randn(8) * 2, torch.randn(8) * 2
    expected = F.binary_cross_entropy_with_logits(chosen - rejected, torch.ones(8))
    torch.testing.assert_close(pairwise_loss(chosen, rejected), expected)


def test_loss_is_stable_for_large_margins():
    torch.manual_seed(3)
    chosen, rejected = torch.tensor([-200.0, 200.0]), torch.tensor([0.0, 0.0])
    loss = pairwise_loss(chosen, rejected)
    assert torch.isfinite(loss), "loss is inf for a margin of -200: use F.logsigmoid, not log(sigmoid(.))"
    torch.testing.assert_close(loss, torch.tensor(100.0))


def test_a_tie_is_not_a_correct_ranking():
    torch.manual_seed(4)
    acc = preference_accuracy(torch.tensor([1.0, 2.0, 0.5, 3.0]), torch.tensor([1.0, 1.0, 0.7, 3.0]))
    assert abs(acc - 0.25) < 1e-6, (
        f"accuracy {acc}: only the second pair is ranked correctly; ties do not count"
    )
