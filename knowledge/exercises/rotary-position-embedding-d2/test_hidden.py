import torch
from exercise import apply_rope, rope_frequencies


def _reference(x, positions, base=10000.0):
    """The same rotation written with complex numbers: (a + ib) * e^(i * angle)."""
    d = x.size(-1)
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions.double()[:, None] * theta[None, :]
    pairs = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2).contiguous())
    rotated = pairs * torch.polar(torch.ones_like(angles), angles)
    return torch.view_as_real(rotated).reshape(x.shape).to(x.dtype)


def _check(actual, expected, what):
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-4, msg=lambda m: f"{what}\n{m}")


def test_frequencies():
    expected = torch.tensor([10000.0 ** (-2 * i / 8) for i in range(4)])
    _check(rope_frequencies(8), expected, "theta_i should be 10000^(-2i/d)")


def test_rotates_adjacent_pairs():
    torch.manual_seed(0)
    x = torch.randn(2, 3, 6, 8)
    _check(
        apply_rope(x, torch.arange(6)),
        _reference(x, torch.arange(6)),
        "pairs are (x[2i], x[2i+1]) rotated by position * theta_i",
    )


def test_uses_the_given_positions():
    torch.manual_seed(1)
    x = torch.randn(1, 4, 16)
    positions = torch.tensor([5, 2, 9, 100])
    _check(apply_rope(x, positions), _reference(x, positions), "rows must be rotated by their own positions")


def test_preserves_the_norm_of_every_pair():
    torch.manual_seed(2)
    x = torch.randn(3, 10, 8)
    out = apply_rope(x, torch.arange(10))
    norms = lambda t: t.reshape(3, 10, 4, 2).norm(dim=-1)  # noqa: E731
    _check(norms(out), norms(x), "a rotation keeps the length of each (x[2i], x[2i+1]) pair")


def test_score_depends_only_on_the_relative_position():
    torch.manual_seed(3)
    q, k = torch.randn(1, 16), torch.randn(1, 16)
    for m, n, shift in [(3, 1, 10), (0, 7, 4), (12, 12, 30)]:
        a = apply_rope(q, torch.tensor([m])) @ apply_rope(k, torch.tensor([n])).T
        b = apply_rope(q, torch.tensor([m + shift])) @ apply_rope(k, torch.tensor([n + shift])).T
        _check(a, b, f"q.k at positions ({m}, {n}) must equal q.k at ({m + shift}, {n + shift})")


def test_score_matrix_is_constant_along_diagonals():
    torch.manual_seed(4)
    q, k = torch.randn(16), torch.randn(16)
    positions = torch.arange(8)
    scores = apply_rope(q.expand(8, 16), positions) @ apply_rope(k.expand(8, 16), positions).T
    for offset in range(-7, 8):
        diagonal = torch.diagonal(scores, offset)
        _check(
            diagonal, diagonal[:1].expand_as(diagonal), f"scores with m - n = {-offset} should all be equal"
        )
