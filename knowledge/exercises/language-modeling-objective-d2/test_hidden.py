import math

import torch
import torch.nn.functional as F
from exercise import lm_loss, per_token_nll, perplexity

V, PAD = 11, 0


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def _batch(seed):
    torch.manual_seed(seed)
    tokens = torch.randint(1, V, (3, 8))
    tokens[1, 5:] = PAD  # the second sequence is 5 tokens long
    tokens[2, 3:] = PAD  # the third is 3 tokens long
    return torch.randn(3, 8, V) * 2, tokens


def test_logits_at_t_predict_the_token_at_t_plus_one():
    torch.manual_seed(1)
    logits, tokens = torch.randn(1, 4, V), torch.tensor([[3, 7, 2, 9]])
    nll = per_token_nll(logits, tokens)
    log_probs = torch.log_softmax(logits, dim=-1)
    expected = -torch.stack([log_probs[0, 0, 7], log_probs[0, 1, 2], log_probs[0, 2, 9]])
    _check(nll[0], expected, "position t's logits are scored against token t + 1, not against token t")


def test_a_model_that_knows_the_next_token_has_almost_no_loss():
    tokens = torch.tensor([[1, 4, 2, 8, 5]])
    logits = torch.full((1, 5, V), -20.0)
    for t in range(4):
        logits[0, t, tokens[0, t + 1]] = 20.0  # confident and right about the next token
    assert lm_loss(logits, tokens).item() < 1e-6, "a model sure of every next token should have a loss near 0"


def test_padding_is_not_scored():
    logits, tokens = _batch(2)
    expected = F.cross_entropy(logits[:, :-1].reshape(-1, V), tokens[:, 1:].reshape(-1), ignore_index=PAD)
    _check(
        lm_loss(logits, tokens, pad_id=PAD), expected, "predictions whose target is padding must be left out"
    )


def test_every_real_token_counts_the_same():
    logits, tokens = _batch(3)
    nll = per_token_nll(logits, tokens)
    keep = tokens[:, 1:] != PAD
    expected = nll[keep].mean()  # 7 + 4 + 2 real targets, each weighted once
    _check(
        lm_loss(logits, tokens, pad_id=PAD),
        expected,
        "average over all real target tokens at once, not the mean of each sequence's mean",
    )


def test_perplexity_is_exp_of_the_loss():
    logits, tokens = _batch(4)
    loss = lm_loss(logits, tokens, pad_id=PAD)
    got = perplexity(loss)
    assert isinstance(got, float), "perplexity returns a Python float"
    assert abs(got - math.exp(loss.item())) < 1e-6 * got
