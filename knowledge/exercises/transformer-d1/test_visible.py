from exercise import block_parameters, block_shapes


def test_a_block_keeps_the_shape_of_its_input():
    shapes = block_shapes(batch=2, seq=10, d_model=64, num_heads=4, d_ff=256)
    assert shapes["input"] == shapes["output"] == (2, 10, 64)
    assert shapes["ffn_hidden"] == (2, 10, 256)


def test_parameters_of_a_tiny_block():
    counts = block_parameters(d_model=4, d_ff=8)
    assert counts["attention"] == 4 * (4 * 4 + 4)  # four 4 × 4 matrices with biases
    assert counts["total"] == counts["attention"] + counts["ffn"] + counts["norms"]
