import math

from exercise import hidden_gradients, kaiming_std, linear_output_variance, variance_after, xavier_std


def test_one_layer_variance():
    assert math.isclose(linear_output_variance(100, 0.1), 1.0), "100 inputs, Var(w) = 0.01"


def test_small_weights_shrink_the_signal():
    got = variance_after(10, 100, 0.05)
    assert got < 1e-5, f"variance after 10 layers is {got}; each layer multiplies it by 100 x 0.05^2"


def test_xavier_and_kaiming_at_256():
    assert math.isclose(xavier_std(256, 256), math.sqrt(1 / 256))
    assert math.isclose(kaiming_std(256), math.sqrt(2 / 256))


def test_zero_weights_give_zero_gradients():
    d_w_in, d_w_out = hidden_gradients(1.5, 1.0, [0.0, 0.0], [0.0, 0.0])
    assert d_w_in == [0.0, 0.0] and d_w_out == [0.0, 0.0], f"got {d_w_in}, {d_w_out}"
