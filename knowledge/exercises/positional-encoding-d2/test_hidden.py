import math

import torch
from exercise import shift_matrix, sinusoidal_positional_encoding


def _reference(seq_len, d_model):
    rows = []
    for p in range(seq_len):
        row = []
        for i in range(d_model // 2):
            angle = p / 10000 ** (2 * i / d_model)
            row += [math.sin(angle), math.cos(angle)]
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float32)


def test_values_match_the_formula():
    torch.manual_seed(0)
    for seq_len, d_model in [(50, 16), (7, 6)]:
        torch.testing.assert_close(
            sinusoidal_positional_encoding(seq_len, d_model),
            _reference(seq_len, d_model),
            atol=1e-4,
            rtol=1e-4,
            msg=lambda m: f"PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same angle)\n{m}",
        )


def test_sines_and_cosines_are_interleaved():
    pe = sinusoidal_positional_encoding(20, 8)
    p = torch.arange(20, dtype=torch.float32)
    torch.testing.assert_close(pe[:, 0], torch.sin(p), msg="column 0 should be sin(p)")
    torch.testing.assert_close(
        pe[:, 1], torch.cos(p), msg="column 1 should be cos(p), the same frequency as column 0"
    )


def test_columns_two_i_and_two_i_plus_one_share_a_frequency():
    pe = sinusoidal_positional_encoding(30, 12)
    torch.testing.assert_close(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, torch.ones(30, 6), atol=1e-5, rtol=0)


def test_lowest_frequency_is_ten_thousand_to_the_minus_two_i_over_d():
    d = 16
    pe = sinusoidal_positional_encoding(40, d)
    omega = 1 / 10000 ** ((d - 2) / d)
    p = torch.arange(40, dtype=torch.float64)
    torch.testing.assert_close(pe[:, d - 2], torch.sin(p * omega).float(), atol=1e-5, rtol=1e-4)


def test_shift_matrix_moves_every_position_by_the_offset():
    torch.manual_seed(0)
    pe = sinusoidal_positional_encoding(40, 16)
    for offset in (1, 5, 12):
        m = shift_matrix(offset, 16)
        shifted = pe[: 40 - offset] @ m.T  # row p becomes M @ PE[p]
        torch.testing.assert_close(
            shifted,
            pe[offset:],
            atol=1e-4,
            rtol=1e-4,
            msg=lambda msg, k=offset: f"M @ PE[p] should equal PE[p + {k}]\n{msg}",
        )


def test_shift_matrix_is_a_rotation():
    m = shift_matrix(7, 10).double()
    torch.testing.assert_close(m @ m.T, torch.eye(10, dtype=torch.float64), atol=1e-5, rtol=0)
