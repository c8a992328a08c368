import torch
import torch.nn.functional as F
from exercise import cosine_scores, linear, pairwise_scores


def _call(fn, *args, hint):
    """Run the learner's function; a shape error becomes an explanation."""
    try:
        return fn(*args)
    except RuntimeError as e:
        raise AssertionError(
            f"{getattr(fn, '__name__', 'your function')} failed on inputs of shapes {[tuple(a.shape) for a in args]}: {hint}\n{e}"
        ) from e


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_linear_matches_torch_with_a_square_weight():
    torch.manual_seed(0)
    x, w, b = torch.randn(6, 4), torch.randn(4, 4), torch.randn(4)
    _check(
        linear(x, w, b),
        F.linear(x, w, b),
        "linear differs from F.linear: the layer computes x Wᵀ + b, not x W + b",
    )


def test_linear_handles_leading_dimensions_and_no_bias():
    torch.manual_seed(1)
    x, w = torch.randn(2, 3, 5, 7), torch.randn(4, 7)
    out = _call(linear, x, w, hint="use weight.T: the weight is stored as (d_out, d_in)")
    assert out.shape == (2, 3, 5, 4), f"got {tuple(out.shape)}: every leading dimension of x is kept"
    _check(out, F.linear(x, w), "linear without a bias differs from F.linear")


def test_pairwise_scores_keep_batch_dimensions():
    torch.manual_seed(2)
    a, b = torch.randn(2, 3, 4, 8), torch.randn(2, 3, 6, 8)
    scores = _call(
        pairwise_scores, a, b, hint="swap only the last two dims of b (b.mT); b.T reverses them all"
    )
    assert scores.shape == (2, 3, 4, 6), f"got {tuple(scores.shape)}, expected (2, 3, 4, 6)"
    _check(
        scores,
        torch.einsum("xynd,xymd->xynm", a, b),
        "scores differ from the dot products of each pair: swap only the last two dims of b (b.mT), a batched b.T reverses them all",
    )


def test_pairwise_scores_broadcast_a_single_set_of_keys():
    torch.manual_seed(3)
    a, b = torch.randn(3, 5, 4), torch.randn(6, 4)
    _check(
        pairwise_scores(a, b),
        torch.einsum("xnd,md->xnm", a, b),
        "one (m, d) set of b broadcasts over a's batch",
    )


def test_cosine_scores_match_torch():
    torch.manual_seed(4)
    a, b = torch.randn(2, 5, 8) * 3, torch.randn(2, 7, 8) * 0.5
    expected = F.cosine_similarity(a.unsqueeze(-2), b.unsqueeze(-3), dim=-1)
    got = _call(cosine_scores, a, b, hint="swap only the last two dims of b (b.mT); b.T reverses them all")
    _check(
        got,
        expected,
        "cosine scores differ from F.cosine_similarity: normalise each vector over its features (dim=-1)",
    )
    assert got.abs().max() <= 1 + 1e-5, "a cosine lies in [-1, 1]"
