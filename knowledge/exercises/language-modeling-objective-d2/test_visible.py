import math

import torch
import torch.nn.functional as F
from exercise import lm_loss, per_token_nll, perplexity


def test_one_prediction_per_shifted_target():
    torch.manual_seed(0)
    logits, tokens = torch.randn(2, 5, 7), torch.randint(0, 7, (2, 5))
    assert per_token_nll(logits, tokens).shape == (2, 4), "T tokens give T - 1 next-token predictions"


def test_uniform_logits_cost_log_vocab():
    torch.manual_seed(0)
    tokens = torch.randint(0, 10, (3, 6))
    loss = lm_loss(torch.zeros(3, 6, 10), tokens)
    assert abs(loss.item() - math.log(10)) < 1e-6  # every token has probability 1/10
    assert abs(perplexity(loss) - 10) < 1e-4


def test_matches_cross_entropy_on_shifted_targets():
    torch.manual_seed(0)
    logits, tokens = torch.randn(2, 5, 7), torch.randint(0, 7, (2, 5))
    expected = F.cross_entropy(logits[:, :-1].reshape(-1, 7), tokens[:, 1:].reshape(-1))
    torch.testing.assert_close(lm_loss(logits, tokens), expected)
