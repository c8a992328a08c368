import math

import torch
from exercise import dpo_loss, sequence_log_probs


def test_identical_policy_and_reference_give_log_two():
    torch.manual_seed(0)
    chosen, rejected = torch.randn(4) - 5, torch.randn(4) - 5
    loss, chosen_rewards, rejected_rewards = dpo_loss(chosen, rejected, chosen, rejected, beta=0.1)
    assert loss.dim() == 0, "the loss is a scalar (mean over the batch)"
    torch.testing.assert_close(loss, torch.tensor(math.log(2)))
    assert chosen_rewards.shape == (4,) and rejected_rewards.shape == (4,)


def test_sequence_log_probs_shape():
    torch.manual_seed(0)
    logits, labels = torch.randn(2, 5, 11), torch.randint(0, 11, (2, 5))
    mask = torch.ones(2, 5, dtype=torch.bool)
    assert sequence_log_probs(logits, labels, mask).shape == (2,)
