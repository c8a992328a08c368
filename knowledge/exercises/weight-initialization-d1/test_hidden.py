import math

from exercise import hidden_gradients, kaiming_std, linear_output_variance, variance_after, xavier_std


def _close(got, expected, what):
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12), f"{what}: got {got}, expected {expected}"


def test_output_variance_uses_the_weight_variance():
    _close(linear_output_variance(100, 0.2), 4.0, "100 inputs with std 0.2: 100 x 0.2^2")
    _close(linear_output_variance(50, 0.5, input_var=2.0), 25.0, "fan_in x std^2 x input variance")


def test_variance_compounds_over_layers():
    _close(variance_after(10, 100, 0.2), 4.0**10, "each layer multiplies the variance by fan_in x std^2 = 4")
    _close(variance_after(10, 100, 0.05), 0.25**10, "each layer multiplies the variance by 0.25")
    _close(variance_after(30, 64, 1 / 8), 1.0, "std = 1/sqrt(fan_in) keeps the variance at 1")


def test_xavier_averages_fan_in_and_fan_out():
    _close(xavier_std(300, 100), math.sqrt(2 / 400), "Xavier std for fan_in 300, fan_out 100")


def test_kaiming_doubles_the_variance_for_relu():
    _close(kaiming_std(50), math.sqrt(2 / 50), "Kaiming std is sqrt(2 / fan_in); relu halves the signal")


def test_gradients_match_finite_differences():
    x, y, w_in, w_out = 0.7, -0.4, [0.3, -1.1], [0.8, 0.5]

    def loss(wi, wo):
        return 0.5 * (sum(o * math.tanh(i * x) for i, o in zip(wi, wo, strict=True)) - y) ** 2

    d_w_in, d_w_out = hidden_gradients(x, y, w_in, w_out)
    eps = 1e-6
    for k in range(2):
        up, down = list(w_in), list(w_in)
        up[k] += eps
        down[k] -= eps
        numeric = (loss(up, w_out) - loss(down, w_out)) / (2 * eps)
        assert math.isclose(d_w_in[k], numeric, rel_tol=1e-5), (
            f"dL/dw_in[{k}] = {d_w_in[k]}, a finite difference gives {numeric}: (y_hat - y) w_out (1 - h^2) x"
        )
        up, down = list(w_out), list(w_out)
        up[k] += eps
        down[k] -= eps
        numeric = (loss(w_in, up) - loss(w_in, down)) / (2 * eps)
        assert math.isclose(d_w_out[k], numeric, rel_tol=1e-5), (
            f"dL/dw_out[{k}] = {d_w_out[k]}, a finite difference gives {numeric}: (y_hat - y) h"
        )


def test_equal_starting_weights_get_equal_gradients():
    d_w_in, d_w_out = hidden_gradients(0.9, 2.0, [0.4, 0.4], [0.6, 0.6])
    assert d_w_in[0] != 0 and d_w_out[0] != 0
    _close(d_w_in[0], d_w_in[1], "two hidden units with the same weights get the same input gradient")
    _close(d_w_out[0], d_w_out[1], "two hidden units with the same weights get the same output gradient")
