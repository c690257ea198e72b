"""Part 3, ReLU: the NumPy layer against Keras and against a numerical gradient."""

import numpy as np
import pytest

from cnn_blog.layers import ReLU
from numgrad import numerical_gradient


@pytest.mark.parametrize("shape", [(7,), (2, 5, 5, 3), (4, 10)])
def test_forward_equals_keras_relu(shape):
    import keras

    x = np.random.default_rng(1).normal(size=shape).astype(np.float32)
    expected = keras.ops.convert_to_numpy(keras.layers.ReLU()(x))
    np.testing.assert_array_equal(ReLU().forward(x), expected)


def test_backward_equals_numerical_gradient():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 4, 4, 3))
    x[np.abs(x) < 1e-3] = 0.5  # keep clear of the kink at 0, where the derivative has no value
    weights = rng.normal(size=x.shape)  # loss = sum(weights * relu(x)), so dout = weights
    relu = ReLU()
    relu.forward(x)
    dx = relu.backward(weights)
    num = numerical_gradient(lambda v: np.sum(weights * ReLU().forward(v)), x.copy())
    np.testing.assert_allclose(dx, num, atol=1e-6)


def test_forward_is_max_zero_x_and_keeps_dtype():
    x = np.array([-3.0, -0.0, 0.0, 2.5], dtype=np.float32)
    out = ReLU().forward(x)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [0.0, 0.0, 0.0, 2.5])


@pytest.mark.parametrize(
    "bad, message",
    [(np.array([1.0, np.nan]), "NaN"), (np.array(["a", "b"]), "numeric"), (np.array([np.inf]), "infinity")],
)
def test_bad_input_is_a_clear_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        ReLU().forward(bad)


def test_backward_before_forward_and_wrong_shape():
    relu = ReLU()
    with pytest.raises(RuntimeError, match="before forward"):
        relu.backward(np.ones(3))
    relu.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        relu.backward(np.ones((3, 2)))
