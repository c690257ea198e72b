"""cnn_blog.layers: every layer against Keras (forward), a numerical gradient (backward), the naive
loop twins, and its error messages."""

import itertools
import math

import keras
import numpy as np
import pytest

from cnn_blog.layers import (
    BatchNormalization,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    GlobalAveragePooling2D,
    MaxPooling2D,
    ReLU,
    Softmax,
    batch_normalization_naive,
    conv2d_naive,
    maxpooling2d_naive,
)
from numgrad import numerical_gradient

PADDINGS = ["valid", "same"]
CONV_STRIDES = [1, 2, (2, 1)]
KERNEL_SIZES = [1, 3, (2, 3)]
CONV_CASES = list(itertools.product(PADDINGS, CONV_STRIDES, KERNEL_SIZES))
POOL_CASES = list(itertools.product(PADDINGS, [None, 1, 2, (1, 2)], [2, 3, (2, 3)]))
TOL = {np.float64: 1e-12, np.float32: 1e-5}


def _np(tensor) -> np.ndarray:
    return keras.ops.convert_to_numpy(tensor)


def _case_rng(*case) -> np.random.Generator:
    """A generator seeded by the test case (not by hash(): that changes from run to run), so each
    case draws its own fixed shapes and values."""
    return np.random.default_rng([ord(ch) for ch in repr(case)])


def _grad_check(layer, x, params=(), training=False):
    """Backward of ``layer`` against centred differences of loss = sum(weights * forward(x)).

    params: names of weight arrays (e.g. "kernel") whose d<name> is checked too.
    training: passed to every forward (the loss of a training forward is that of the same mode).
    """
    rng = np.random.default_rng(7)
    out = layer.forward(x, training=training)
    weights = rng.normal(size=out.shape)  # dout = d loss / d out
    dx = layer.backward(weights)

    def loss(_):
        return float(np.sum(weights * layer.forward(x, training=training)))

    np.testing.assert_allclose(dx, numerical_gradient(loss, x), rtol=1e-6, atol=1e-7)
    for name in params:
        numeric = numerical_gradient(loss, getattr(layer, name))  # perturbs the layer's own array
        np.testing.assert_allclose(getattr(layer, "d" + name), numeric, rtol=1e-6, atol=1e-7)


# ----------------------------------------------------------------------------------------- Conv2D


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("padding, strides, kernel_size", CONV_CASES)
def test_conv2d_forward_equals_keras(padding, strides, kernel_size, dtype):
    rng = _case_rng(padding, strides, kernel_size)
    n, h, w, c_in, filters = (int(v) for v in rng.integers([1, 5, 5, 1, 1], [4, 11, 11, 5, 6]))
    x = rng.normal(size=(n, h, w, c_in)).astype(dtype)
    conv = Conv2D(filters, kernel_size, strides=strides, padding=padding)
    conv.build((h, w, c_in), rng=rng, dtype=dtype)
    conv.set_weights([conv.kernel, rng.normal(size=filters).astype(dtype)])  # a non-zero bias
    ref = keras.layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, dtype=dtype.__name__)
    ref.build((None, h, w, c_in))
    ref.set_weights(conv.get_weights())
    out = conv.forward(x)
    expected = _np(ref(x))
    assert out.shape == expected.shape == (n, *conv.compute_output_shape((h, w, c_in)))
    assert out.dtype == dtype
    np.testing.assert_allclose(out, expected, rtol=TOL[dtype], atol=TOL[dtype])


@pytest.mark.parametrize("padding, strides, kernel_size", CONV_CASES)
def test_conv2d_backward_equals_numerical_gradient(padding, strides, kernel_size):
    rng = _case_rng("grad", padding, strides, kernel_size)
    conv = Conv2D(3, kernel_size, strides=strides, padding=padding)
    conv.build((6, 5, 2), rng=rng, dtype=np.float64)
    conv.set_weights([conv.kernel, rng.normal(size=3)])
    _grad_check(conv, rng.normal(size=(2, 6, 5, 2)), params=("kernel", "bias"))
    assert conv.dkernel.shape == (*conv.kernel_size, 2, 3) and conv.dbias.shape == (3,)
    assert [g.shape for g in conv.gradients] == [w.shape for w in conv.trainable_weights]


@pytest.mark.parametrize("padding, strides, kernel_size", CONV_CASES + [("valid", 3, 5)])
def test_conv2d_naive_twin_equals_fast(padding, strides, kernel_size):
    rng = _case_rng("naive", padding, strides, kernel_size)
    x = rng.normal(size=(2, 9, 8, 3))
    conv = Conv2D(4, kernel_size, strides=strides, padding=padding)
    conv.build((9, 8, 3), rng=rng, dtype=np.float64)
    bias = rng.normal(size=4)
    conv.set_weights([conv.kernel, bias])
    naive = conv2d_naive(x, conv.kernel, bias, strides=strides, padding=padding)
    np.testing.assert_allclose(conv.forward(x), naive, rtol=1e-12, atol=1e-12)


def test_conv2d_float32_stays_float32_and_input_is_untouched():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 7, 7, 3)).astype(np.float32)
    before = x.copy()
    conv = Conv2D(5, 3, padding="same")
    conv.build((7, 7, 3), rng=rng, dtype=np.float32)
    out = conv.forward(x)
    dx = conv.backward(np.ones_like(out))
    assert (out.dtype, dx.dtype, conv.dkernel.dtype, conv.dbias.dtype) == (np.float32,) * 4
    np.testing.assert_array_equal(x, before)  # forward reads windows, never writes into them
    assert dx.shape == x.shape


def test_conv2d_keeps_the_api_of_relu_feature_map():
    from cnn_blog.demos.relu import EDGE_KERNEL, relu_feature_map

    image = np.random.default_rng(4).random((12, 10))
    _, fmap, rmap = relu_feature_map(image)
    assert fmap.shape == rmap.shape == (10, 8)
    x = image[None, :, :, None]  # (12, 10) -> (1, 12, 10, 1)
    expected = conv2d_naive(x, EDGE_KERNEL.reshape(3, 3, 1, 1), np.zeros(1))  # (1, 10, 8, 1)
    np.testing.assert_allclose(fmap, expected[0, :, :, 0])


def test_conv2d_build_is_keras_glorot_uniform_and_zero_bias():
    conv = Conv2D(32, (3, 3), padding="same")
    assert conv.build((28, 28, 1)) == (28, 28, 32)
    assert conv.kernel.dtype == np.float32 and conv.kernel.shape == (3, 3, 1, 32)
    limit = np.sqrt(6 / (9 * 1 + 9 * 32))  # fan_in = 3*3*1, fan_out = 3*3*32
    assert 0.9 * limit < np.abs(conv.kernel).max() <= limit
    np.testing.assert_array_equal(conv.bias, 0)
    ref = keras.layers.Conv2D(32, (3, 3))
    ref.build((None, 28, 28, 1))
    assert conv.kernel.size + conv.bias.size == ref.count_params() == 320


def test_default_initializer_is_glorot_uniform_drawn_exactly_as_before():
    """The default path draws the very numbers it drew before he_normal existed."""
    for layer, shape, fans, kernel_shape in [
        (Conv2D(8, (3, 2)), (6, 6, 5), (3 * 2 * 5, 3 * 2 * 8), (3, 2, 5, 8)),
        (Dense(7), (11,), (11, 7), (11, 7)),
    ]:
        limit = np.sqrt(6.0 / sum(fans))
        expected = np.random.default_rng(0).uniform(-limit, limit, size=kernel_shape).astype(np.float32)
        layer.build(shape)
        np.testing.assert_array_equal(layer.kernel, expected)
        assert layer.kernel_initializer == "glorot_uniform"
        layer.build(shape, initializer="glorot_uniform")
        np.testing.assert_array_equal(layer.kernel, expected)


@pytest.mark.parametrize(
    "make, input_shape, kernel_shape, fan_in",
    [
        (lambda **k: Conv2D(64, 3, **k), (8, 8, 32), (3, 3, 32, 64), 3 * 3 * 32),
        (lambda **k: Dense(300, **k), (200,), (200, 300), 200),
    ],
)
def test_he_normal_is_keras_truncated_normal_with_stddev_sqrt_2_over_fan_in(make, input_shape, kernel_shape, fan_in):
    layer = make(kernel_initializer="he_normal")
    layer.build(input_shape, rng=np.random.default_rng(1), dtype=np.float64)
    ours = layer.kernel
    ref = make(kernel_initializer="glorot_uniform")  # the build argument overrides the layer's choice
    ref.build(input_shape, rng=np.random.default_rng(1), initializer="he_normal", dtype=np.float64)
    np.testing.assert_array_equal(ref.kernel, ours)
    he_normal = keras.initializers.HeNormal(seed=0)  # Keras's "he_normal", seeded: the same draw every run
    keras_layer = keras.layers.Conv2D(64, 3, kernel_initializer=he_normal) if len(kernel_shape) == 4 else (
        keras.layers.Dense(300, kernel_initializer=he_normal)
    )
    keras_layer.build((None, *input_shape))
    theirs = keras_layer.get_weights()[0]  # the kernel
    std = np.sqrt(2 / fan_in)  # what is left after the cut
    sigma = std / 0.87962566103423978  # the normal Keras draws from before cutting at 2 sigma
    for kernel in (ours, theirs):
        assert kernel.shape == kernel_shape
        assert abs(kernel.std() / std - 1) < 0.03 and abs(kernel.mean()) < 0.03 * std
        assert np.abs(kernel).max() <= 2 * sigma and np.abs(kernel).max() > 1.9 * sigma  # cut at 2 sigma
        # the shape of a normal cut at 2 sigma: P(|z| > 1 | |z| < 2) = (erf(2/sqrt2) - erf(1/sqrt2)) / erf(2/sqrt2)
        share = (math.erf(2 / math.sqrt(2)) - math.erf(1 / math.sqrt(2))) / math.erf(2 / math.sqrt(2))
        assert abs((np.abs(kernel) > sigma).mean() - share) < 0.015  # 0.2848
    assert layer.kernel.dtype == np.float64 and not np.any(layer.bias)


# ------------------------------------------------------------------------------------ MaxPooling2D


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("padding, strides, pool_size", POOL_CASES)
def test_maxpooling2d_forward_equals_keras(padding, strides, pool_size, dtype):
    rng = _case_rng("pool", padding, strides, pool_size)
    n, h, w, c = (int(v) for v in rng.integers([1, 4, 4, 1], [4, 12, 12, 5]))
    x = rng.normal(size=(n, h, w, c)).astype(dtype)
    pool = MaxPooling2D(pool_size, strides=strides, padding=padding)
    ref = keras.layers.MaxPooling2D(pool_size, strides=strides, padding=padding, dtype=dtype.__name__)
    out = pool.forward(x)
    assert out.dtype == dtype
    assert out.shape == (n, *pool.compute_output_shape((h, w, c)))
    np.testing.assert_array_equal(out, _np(ref(x)))


@pytest.mark.parametrize("padding, strides, pool_size", POOL_CASES)
def test_maxpooling2d_backward_equals_numerical_gradient(padding, strides, pool_size):
    rng = _case_rng("pool grad", padding, strides, pool_size)
    x = rng.permutation(2 * 7 * 6 * 2).reshape(2, 7, 6, 2) * 0.1  # distinct values: no ties
    _grad_check(MaxPooling2D(pool_size, strides=strides, padding=padding), x)


@pytest.mark.parametrize("padding, strides, pool_size", POOL_CASES)
def test_maxpooling2d_naive_twin_equals_fast(padding, strides, pool_size):
    x = _case_rng("pool naive", padding, strides, pool_size).normal(size=(2, 9, 7, 3))
    pool = MaxPooling2D(pool_size, strides=strides, padding=padding)
    np.testing.assert_array_equal(pool.forward(x), maxpooling2d_naive(x, pool_size, strides, padding))


def test_maxpooling2d_defaults_and_ties():
    pool = MaxPooling2D()
    assert (pool.pool_size, pool.strides, pool.padding) == ((2, 2), (2, 2), "valid")
    x = np.ones((1, 2, 2, 1))  # four equal values: the gradient goes to the first one only
    np.testing.assert_array_equal(pool.forward(x), [[[[1.0]]]])
    dx = pool.backward(np.full((1, 1, 1, 1), 5.0))
    np.testing.assert_array_equal(dx[0, :, :, 0], [[5.0, 0.0], [0.0, 0.0]])
    # 13 x 13 -> 6 x 6: the leftover row and column are dropped ("valid"), and get no gradient
    x = np.random.default_rng(5).normal(size=(1, 13, 13, 2))
    out = pool.forward(x)
    assert out.shape == (1, 6, 6, 2)
    dx = pool.backward(np.ones_like(out))
    assert dx.shape == x.shape and np.all(dx[:, 12, :, :] == 0) and np.all(dx[:, :, 12, :] == 0)
    assert dx.sum() == out.size  # one winner per window


# ---------------------------------------------------------------------------------------- Dropout


def test_dropout_at_inference_is_the_identity_like_keras():
    x = np.random.default_rng(6).normal(size=(4, 5, 5, 3))
    layer = Dropout(0.25, rng=np.random.default_rng(0))
    out = layer.forward(x)  # training=False by default
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(out, _np(keras.layers.Dropout(0.25, dtype="float64")(x, training=False)))
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), np.ones_like(x))


@pytest.mark.parametrize("rate", [0.25, 0.5])
def test_dropout_in_training_is_inverted_dropout_like_keras(rate):
    x = np.random.default_rng(7).uniform(1, 2, size=(200, 500))  # no zeros in x
    out = Dropout(rate, rng=np.random.default_rng(0)).forward(x, training=True)
    ref = _np(keras.layers.Dropout(rate, seed=1, dtype="float64")(x, training=True))
    for y in (out, ref):  # every value is either dropped or scaled by 1 / (1 - rate)
        kept = y != 0
        np.testing.assert_allclose(y[kept], x[kept] / (1 - rate), rtol=1e-12)
        assert abs((~kept).mean() - rate) < 0.01  # 100,000 values: the share dropped is rate
    assert abs(out.mean() / x.mean() - 1) < 0.01  # the expected value is kept


def test_dropout_is_reproducible_with_an_injected_generator_and_rate_zero_keeps_all():
    x = np.random.default_rng(8).normal(size=(3, 4, 4, 2))
    a = Dropout(0.5, rng=np.random.default_rng(42)).forward(x, training=True)
    b = Dropout(0.5, rng=np.random.default_rng(42)).forward(x, training=True)
    c = Dropout(0.5, rng=np.random.default_rng(43)).forward(x, training=True)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    np.testing.assert_array_equal(Dropout(0.0).forward(x, training=True), x)
    assert Dropout(0.5).forward(x.astype(np.float32), training=True).dtype == np.float32


def test_dropout_backward_equals_numerical_gradient():
    x = np.random.default_rng(9).normal(size=(2, 3, 3, 2))
    weights = np.random.default_rng(10).normal(size=x.shape)
    layer = Dropout(0.4, rng=np.random.default_rng(11))
    layer.forward(x, training=True)
    dx = layer.backward(weights)
    # the same seed draws the same mask on every call of the loss
    num = numerical_gradient(
        lambda v: np.sum(weights * Dropout(0.4, rng=np.random.default_rng(11)).forward(v, training=True)),
        x.copy(),
    )
    np.testing.assert_allclose(dx, num, atol=1e-7)
    assert np.any(dx == 0) and np.any(dx != 0)


# ---------------------------------------------------------------------------------- Flatten, Dense


@pytest.mark.parametrize("shape", [(2, 5, 5, 3), (3, 4, 7), (4, 6)])
def test_flatten_equals_keras_and_backward_restores_the_shape(shape):
    x = np.random.default_rng(12).normal(size=shape)
    layer = Flatten()
    out = layer.forward(x)
    np.testing.assert_array_equal(out, _np(keras.layers.Flatten(dtype="float64")(x)))
    assert out.shape == (shape[0], int(np.prod(shape[1:])))
    _grad_check(Flatten(), x)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n, n_in, units", [(1, 3, 2), (5, 7, 4), (8, 1600, 10)])
def test_dense_forward_equals_keras(n, n_in, units, dtype):
    rng = _case_rng("dense", n, n_in, units)
    x = rng.normal(size=(n, n_in)).astype(dtype)
    layer = Dense(units)
    assert layer.build((n_in,), rng=rng, dtype=dtype) == (units,)
    layer.set_weights([layer.kernel, rng.normal(size=units).astype(dtype)])
    ref = keras.layers.Dense(units, dtype=dtype.__name__)
    ref.build((None, n_in))
    ref.set_weights(layer.get_weights())
    out = layer.forward(x)
    assert out.dtype == dtype
    np.testing.assert_allclose(out, _np(ref(x)), rtol=TOL[dtype], atol=TOL[dtype])


def test_dense_backward_equals_numerical_gradient():
    rng = np.random.default_rng(13)
    layer = Dense(4)
    layer.set_weights([rng.normal(size=(6, 4)), rng.normal(size=4)])
    _grad_check(layer, rng.normal(size=(3, 6)), params=("kernel", "bias"))
    assert layer.dkernel.shape == (6, 4) and layer.dbias.shape == (4,)


# ---------------------------------------------------------------------------------------- Softmax


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_equals_keras_and_rows_sum_to_one(dtype):
    x = (np.random.default_rng(14).normal(size=(6, 10)) * 5).astype(dtype)
    y = Softmax().forward(x)
    assert y.dtype == dtype
    np.testing.assert_allclose(y, _np(keras.layers.Softmax(dtype=dtype.__name__)(x)), rtol=TOL[dtype] * 10, atol=TOL[dtype])
    np.testing.assert_allclose(y.sum(axis=1), 1, rtol=TOL[dtype])


def test_softmax_subtracts_the_row_max_so_large_scores_do_not_overflow():
    y = Softmax().forward(np.array([[1000.0, 1000.0, 990.0], [-1000.0, -1000.0, -1000.0]]))
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y[1], [1 / 3] * 3)
    np.testing.assert_allclose(y[0, 0], 1 / (2 + np.exp(-10)))


def test_softmax_backward_equals_numerical_gradient():
    _grad_check(Softmax(), np.random.default_rng(15).normal(size=(4, 5)))


def test_relu_is_a_layer_like_the_others():
    _grad_check(ReLU(), np.random.default_rng(16).normal(size=(2, 3, 3, 2)) + 0.01)


# ----------------------------------------------------------------------------- BatchNormalization

BN_SHAPES = [(6, 4), (1, 3), (16, 10), (2, 5, 4, 3), (3, 4, 4, 1), (1, 1, 1, 2)]


def _bn_pair(shape, dtype, rng, momentum=0.99, epsilon=1e-3):
    """Our layer and Keras's with the same non-trivial gamma, beta and moving statistics."""
    c = shape[-1]
    layer = BatchNormalization(momentum=momentum, epsilon=epsilon)
    assert layer.build(shape[1:], dtype=dtype) == shape[1:]
    layer.set_weights(
        [
            w.astype(dtype)
            for w in (rng.normal(1, 0.5, size=c), rng.normal(size=c), rng.normal(size=c), rng.uniform(0.2, 3, size=c))
        ]
    )
    ref = keras.layers.BatchNormalization(momentum=momentum, epsilon=epsilon, dtype=dtype.__name__)
    ref.build((None, *shape[1:]))
    ref.set_weights(layer.get_weights())
    return layer, ref


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", BN_SHAPES)
def test_batch_normalization_forward_equals_keras(shape, dtype, training):
    rng = _case_rng("bn", shape)
    layer, ref = _bn_pair(shape, dtype, rng)
    x = rng.normal(2, 3, size=shape).astype(dtype)  # far from mean 0, variance 1
    out = layer.forward(x, training=training)
    expected = _np(ref(x, training=training))
    assert out.shape == expected.shape == shape and out.dtype == dtype
    np.testing.assert_allclose(out, expected, rtol=TOL[dtype] * 10, atol=TOL[dtype] * 10)
    for ours, theirs in zip(layer.get_weights(), ref.get_weights()):  # moving statistics too
        assert ours.dtype == dtype
        np.testing.assert_allclose(ours, theirs, rtol=TOL[dtype], atol=TOL[dtype])
    if training and shape[0] * np.prod(shape[1:-1]) > 1:  # each channel: mean 0, variance 1
        x_hat = (out - layer.beta) / layer.gamma
        axes = tuple(range(len(shape) - 1))
        np.testing.assert_allclose(x_hat.mean(axis=axes), 0, atol=TOL[dtype] * 10)
        variance = x_hat.var(axis=axes)  # var(x) / (var(x) + epsilon): a hair under 1
        np.testing.assert_allclose(variance, x.var(axis=axes) / (x.var(axis=axes) + 1e-3), rtol=TOL[dtype] * 10)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("momentum, epsilon", [(0.99, 1e-3), (0.9, 1e-5), (0.5, 0.1)])
@pytest.mark.parametrize("shape", [(8, 5), (4, 6, 6, 3)])
def test_batch_normalization_moving_statistics_equal_keras_after_several_calls(shape, momentum, epsilon, dtype):
    rng = _case_rng("bn moving", shape, momentum)
    layer, ref = _bn_pair(shape, dtype, rng, momentum, epsilon)
    for step in range(6):  # each batch with its own mean and spread
        x = rng.normal(step - 2, 1 + step, size=shape).astype(dtype)
        np.testing.assert_allclose(
            layer.forward(x, training=True), _np(ref(x, training=True)), rtol=TOL[dtype] * 10, atol=TOL[dtype] * 10
        )
    mean, variance = layer.moving_mean.copy(), layer.moving_variance.copy()
    keras_mean, keras_variance = ref.get_weights()[2:]
    np.testing.assert_allclose(mean, keras_mean, rtol=TOL[dtype] * 10, atol=TOL[dtype])
    np.testing.assert_allclose(variance, keras_variance, rtol=TOL[dtype] * 10, atol=TOL[dtype])
    x = rng.normal(size=shape).astype(dtype)  # inference uses what the training calls left
    np.testing.assert_allclose(layer.forward(x), _np(ref(x, training=False)), rtol=TOL[dtype] * 10, atol=TOL[dtype] * 10)
    np.testing.assert_array_equal(layer.moving_mean, mean)  # inference moves nothing
    np.testing.assert_array_equal(layer.moving_variance, variance)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(5, 3), (1, 2), (2, 4, 3, 2)])
def test_batch_normalization_backward_equals_numerical_gradient(shape, training):
    rng = _case_rng("bn grad", shape)
    layer, _ = _bn_pair(shape, np.float64, rng)
    x = rng.normal(1, 2, size=shape)
    _grad_check(layer, x, params=("gamma", "beta"), training=training)
    assert [g.shape for g in layer.gradients] == [w.shape for w in layer.trainable_weights] == [shape[-1:]] * 2


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(7, 4), (3, 5, 4, 3)])
def test_batch_normalization_backward_equals_gradient_tape(shape, training, dtype):
    import tensorflow as tf

    rng = _case_rng("bn tape", shape)
    layer, ref = _bn_pair(shape, dtype, rng)
    x = rng.normal(-1, 2, size=shape).astype(dtype)
    weights = rng.normal(size=shape).astype(dtype)  # loss = sum(weights * out): dout = weights
    x_t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_t)
        loss = tf.reduce_sum(weights * ref(x_t, training=training))
    expected = [_np(g) for g in tape.gradient(loss, [x_t, *ref.trainable_variables])]  # x, gamma, beta
    layer.forward(x, training=training)
    dx = layer.backward(weights)
    tol = {np.float64: 1e-10, np.float32: 1e-4}[dtype]
    for ours, theirs in zip([dx, layer.dgamma, layer.dbeta], expected):
        assert ours.dtype == dtype
        np.testing.assert_allclose(ours, theirs, rtol=tol, atol=tol)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", BN_SHAPES)
def test_batch_normalization_naive_twin_equals_fast(shape, training):
    rng = _case_rng("bn naive", shape)
    layer, _ = _bn_pair(shape, np.float64, rng, momentum=0.8, epsilon=1e-2)
    weights = layer.get_weights()
    before = [w.copy() for w in weights]
    x = rng.normal(3, 2, size=shape)
    out, mean, variance = batch_normalization_naive(x, *weights, training=training, momentum=0.8, epsilon=1e-2)
    np.testing.assert_allclose(layer.forward(x, training=training), out, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.moving_mean, mean, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.moving_variance, variance, rtol=1e-12, atol=1e-12)
    assert np.array_equal(mean, before[2]) != training  # moved in training only
    for w, b in zip(weights, before):  # the twin copies what it changes
        np.testing.assert_array_equal(w, b)


def test_batch_normalization_float32_stays_float32_and_input_is_untouched():
    rng = np.random.default_rng(17)
    x = rng.normal(size=(4, 5, 5, 3)).astype(np.float32)
    before = x.copy()
    layer = BatchNormalization()
    layer.build((5, 5, 3))
    for training in (True, False):
        out = layer.forward(x, training=training)
        dx = layer.backward(np.ones_like(out))
        dtypes = (out.dtype, dx.dtype, layer.dgamma.dtype, layer.dbeta.dtype, layer.moving_mean.dtype)
        assert dtypes == (np.float32,) * 5 and dx.shape == x.shape
    np.testing.assert_array_equal(x, before)
    out = layer.forward(x.astype(np.float64), training=True)  # float64 in, float64 out
    assert out.dtype == np.float64 and layer.moving_variance.dtype == np.float32


def test_batch_normalization_defaults_and_weights_are_those_of_keras():
    layer = BatchNormalization()
    assert (layer.axis, layer.momentum, layer.epsilon) == (-1, 0.99, 1e-3)
    ref = keras.layers.BatchNormalization()
    assert (ref.axis, ref.momentum, ref.epsilon) == (-1, 0.99, 1e-3)
    assert layer.trainable_weights == layer.gradients == layer.get_weights() == []
    assert layer.build((28, 28, 32)) == layer.compute_output_shape((28, 28, 32)) == (28, 28, 32)
    ref.build((None, 28, 28, 32))
    assert [w.name for w in ref.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    for ours, theirs in zip(layer.get_weights(), ref.get_weights()):
        assert ours.dtype == theirs.dtype == np.float32
        np.testing.assert_array_equal(ours, theirs)
    assert layer.trainable_weights[0] is layer.gamma and layer.trainable_weights[1] is layer.beta
    assert layer.non_trainable_weights[0] is layer.moving_mean
    assert layer.non_trainable_weights[1] is layer.moving_variance
    assert sum(w.size for w in layer.trainable_weights) == sum(np.size(w) for w in ref.trainable_weights) == 64
    assert sum(w.size for w in layer.get_weights()) == ref.count_params() == 128
    weights = layer.get_weights()
    weights[0][0] = 5  # copies: the layer keeps its own
    assert layer.gamma[0] == 1
    # with fresh weights, inference divides by sqrt(1 + epsilon) and nothing else
    x = np.random.default_rng(18).normal(size=(2, 3))
    layer = BatchNormalization()
    layer.build((3,), dtype=np.float64)
    np.testing.assert_allclose(layer.forward(x), x / np.sqrt(1 + 1e-3), rtol=1e-15)


def test_batch_normalization_set_weights_works_unbuilt():
    layer = BatchNormalization()
    layer.set_weights([np.full(2, 2.0), np.ones(2), np.zeros(2), np.ones(2) * 4])
    x = np.arange(12.0).reshape(3, 2, 2)  # any rank (n, ..., 2) when built by set_weights
    np.testing.assert_allclose(layer.forward(x), 2 * x / np.sqrt(4 + 1e-3) + 1)


# ------------------------------------------------------------------------- GlobalAveragePooling2D


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(1, 1, 1, 1), (2, 7, 7, 3), (3, 4, 9, 5), (8, 2, 3, 64)])
def test_global_average_pooling2d_equals_keras(shape, dtype):
    x = _case_rng("gap", shape).normal(1, 2, size=shape).astype(dtype)
    layer = GlobalAveragePooling2D()
    out = layer.forward(x)
    expected = _np(keras.layers.GlobalAveragePooling2D(dtype=dtype.__name__)(x))
    assert out.shape == expected.shape == (shape[0], *layer.compute_output_shape(shape[1:]))
    assert out.dtype == dtype
    np.testing.assert_allclose(out, expected, rtol=TOL[dtype], atol=TOL[dtype])
    dx = layer.backward(np.ones_like(out))
    assert dx.dtype == dtype and dx.shape == shape
    np.testing.assert_allclose(dx, 1 / (shape[1] * shape[2]), rtol=TOL[dtype])


@pytest.mark.parametrize("shape", [(2, 3, 4, 2), (1, 5, 1, 3)])
def test_global_average_pooling2d_backward_equals_numerical_gradient(shape):
    _grad_check(GlobalAveragePooling2D(), _case_rng("gap grad", shape).normal(size=shape))


# ----------------------------------------------------------------------------------------- errors


def _built_conv():
    conv = Conv2D(4, 3)
    conv.build((5, 5, 3))
    return conv


def _built_dense():
    dense = Dense(2)
    dense.build((6,))
    return dense


def _built_bn():
    bn = BatchNormalization()
    bn.build((4, 4, 3))
    return bn


def _unbuilt_bn():
    bn = BatchNormalization()
    bn.set_weights([np.ones(3), np.zeros(3), np.zeros(3), np.ones(3)])
    return bn


LAYER_FACTORIES = {
    "Conv2D": _built_conv,
    "MaxPooling2D": MaxPooling2D,
    "Dropout": lambda: Dropout(0.5, rng=np.random.default_rng(0)),
    "Flatten": Flatten,
    "Dense": _built_dense,
    "Softmax": Softmax,
    "BatchNormalization": _built_bn,
    "GlobalAveragePooling2D": GlobalAveragePooling2D,
}
GOOD_INPUT = {
    "Conv2D": (2, 5, 5, 3),
    "MaxPooling2D": (2, 4, 4, 3),
    "Dropout": (2, 4, 4, 3),
    "Flatten": (2, 4, 4, 3),
    "Dense": (2, 6),
    "Softmax": (2, 6),
    "BatchNormalization": (2, 4, 4, 3),
    "GlobalAveragePooling2D": (2, 4, 4, 3),
}


@pytest.mark.parametrize("name", LAYER_FACTORIES)
@pytest.mark.parametrize("bad, message", [(np.nan, "NaN or infinity"), (np.inf, "NaN or infinity"), (-np.inf, "NaN or infinity")])
def test_nan_and_infinity_are_rejected(name, bad, message):
    x = np.ones(GOOD_INPUT[name])
    x.flat[3] = bad
    with pytest.raises(ValueError, match=message + r".*" + re_shape(GOOD_INPUT[name])):
        LAYER_FACTORIES[name]().forward(x, training=True)


@pytest.mark.parametrize("name", LAYER_FACTORIES)
def test_non_numeric_input_is_rejected(name):
    x = np.full(GOOD_INPUT[name], "a")
    with pytest.raises(ValueError, match=r"x must be a numeric array, got dtype <U1"):
        LAYER_FACTORIES[name]().forward(x)


@pytest.mark.parametrize("name", LAYER_FACTORIES)
def test_backward_before_forward_is_a_runtime_error(name):
    with pytest.raises(RuntimeError, match=f"{name}.backward called before forward"):
        LAYER_FACTORIES[name]().backward(np.ones(GOOD_INPUT[name]))


@pytest.mark.parametrize("name", LAYER_FACTORIES)
def test_backward_with_a_wrongly_shaped_dout_names_both_shapes(name):
    layer = LAYER_FACTORIES[name]()
    out = layer.forward(np.ones(GOOD_INPUT[name]), training=True)
    wrong = (out.shape[0] + 1, *out.shape[1:])
    with pytest.raises(ValueError, match=re_shape(out.shape) + r", got " + re_shape(wrong)):
        layer.backward(np.ones(wrong))


def re_shape(shape) -> str:
    """A regular expression for a shape as Python prints it: (2, 5, 5, 3)."""
    return r"\(" + r", ".join(str(v) for v in shape) + ("," if len(shape) == 1 else "") + r"\)"


@pytest.mark.parametrize(
    "make, x, message",
    [
        (_built_conv, np.ones((5, 5, 3)), r"x must have 4 dimensions, got shape \(5, 5, 3\)"),
        (MaxPooling2D, np.ones((4, 4)), r"x must have 4 dimensions, got shape \(4, 4\)"),
        (_built_conv, np.ones((1, 5, 5, 2)), r"x has 2 channels \(shape \(1, 5, 5, 2\)\) but the kernel \(3, 3, 3, 4\) expects 3"),
        (lambda: _built_conv_k(5), np.ones((1, 4, 6, 3)), r"kernel_size \(5, 5\) is larger than the input \(4, 6\) with padding='valid'"),
        (lambda: MaxPooling2D(3), np.ones((1, 2, 5, 1)), r"pool_size \(3, 3\) is larger than the input \(2, 5\) with padding='valid'"),
        (_built_dense, np.ones((2, 5)), r"x has 5 features \(shape \(2, 5\)\) but the kernel \(6, 2\) expects 6"),
        (_built_dense, np.ones((2, 1, 6)), r"Dense expects x of shape \(n, features\), got \(2, 1, 6\)"),
        (Flatten, np.ones(4), r"Flatten needs x with a batch axis, shape \(n, \.\.\.\), got \(4,\)"),
        (lambda: Conv2D(2, 3), np.ones((1, 5, 5, 1)), r"Conv2D has no weights"),
        (lambda: Dense(2), np.ones((1, 5)), r"Dense has no weights"),
        (_built_bn, np.ones((2, 4, 3)), r"x must have 4 dimensions, got shape \(2, 4, 3\)"),
        (_built_bn, np.ones((2, 4, 4, 2)), r"x has 2 channels \(shape \(2, 4, 4, 2\)\) but the layer has 3 \(gamma \(3,\)\)"),
        (lambda: BatchNormalization(), np.ones((2, 3)), r"BatchNormalization has no weights: call build"),
        (_unbuilt_bn, np.ones(3), r"BatchNormalization needs x with a batch axis and a channel axis, shape \(n, \.\.\., c\), got \(3,\)"),
        (GlobalAveragePooling2D, np.ones((2, 4, 3)), r"x must have 4 dimensions, got shape \(2, 4, 3\)"),
    ],
)
def test_wrong_rank_channels_and_sizes_are_clear_errors(make, x, message):
    error = RuntimeError if "no weights" in message else ValueError
    with pytest.raises(error, match=message):
        make().forward(x)


def _built_conv_k(k):
    conv = Conv2D(1, k)
    conv.set_weights([np.ones((k, k, 3, 1)), np.zeros(1)])
    return conv


def test_kernel_larger_than_the_input_is_fine_with_same_padding():
    conv = Conv2D(1, 5, padding="same")
    conv.set_weights([np.ones((5, 5, 1, 1)), np.zeros(1)])
    assert conv.forward(np.ones((1, 3, 3, 1))).shape == (1, 3, 3, 1)


@pytest.mark.parametrize("rate", [-0.1, 1, 1.0, 1.5])
def test_dropout_rate_outside_0_1_is_rejected(rate):
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\).*got " + str(rate).replace(".", r"\.")):
        Dropout(rate)


@pytest.mark.parametrize("rate", ["0.5", True, None])
def test_dropout_rate_must_be_a_number(rate):
    with pytest.raises(ValueError, match=r"rate must be a number in \[0, 1\), got " + repr(rate)):
        Dropout(rate)


def test_dropout_rng_must_be_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, got RandomState"):
        Dropout(0.5, rng=np.random.RandomState(0))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Conv2D(0, 3), r"filters must be a positive int, got 0"),
        (lambda: Conv2D(2, (3,)), r"kernel_size must be a positive int or a pair of positive ints, got \(3,\)"),
        (lambda: Conv2D(2, 3, strides=0), r"strides must be a positive int or a pair of positive ints, got 0"),
        (lambda: Conv2D(2, 3, padding="full"), r"padding must be 'valid' or 'same', got 'full'"),
        (lambda: MaxPooling2D(2.5), r"pool_size must be a positive int or a pair of positive ints, got 2\.5"),
        (lambda: Dense(0), r"units must be a positive int, got 0"),
        (lambda: _built_conv().set_weights([np.ones((3, 3, 3, 5)), np.zeros(4)]), r"kernel must have shape \(3, 3, c_in, 4\), got \(3, 3, 3, 5\)"),
        (lambda: _built_conv().set_weights([np.ones((3, 3, 3, 4)), np.zeros(5)]), r"bias must have shape \(4,\), got \(5,\)"),
        (lambda: _built_dense().set_weights([np.ones((6, 3)), np.zeros(2)]), r"kernel must have shape \(in, 2\), got \(6, 3\)"),
        (lambda: Conv2D(2, 3).build((28, 28)), r"input_shape must have 3 positive sizes \(no batch axis\), got \(28, 28\)"),
        (lambda: Conv2D(2, 3, kernel_initializer="he_uniform"), r"kernel_initializer must be one of \('glorot_uniform', 'he_normal'\), got 'he_uniform'"),
        (lambda: Dense(2, kernel_initializer=None), r"kernel_initializer must be one of .*got None"),
        (lambda: Dense(2).build((3,), initializer="zeros"), r"kernel_initializer must be one of .*got 'zeros'"),
        (lambda: BatchNormalization(axis=1), r"only axis=-1 \(channels last, as in NHWC\) is supported, got axis=1"),
        (lambda: BatchNormalization(momentum=1.5), r"momentum must be in \[0, 1\], got 1\.5"),
        (lambda: BatchNormalization(momentum="0.9"), r"momentum must be a number in \[0, 1\], got '0\.9'"),
        (lambda: BatchNormalization(epsilon=0), r"epsilon must be positive, got 0"),
        (lambda: _built_bn().set_weights([np.ones(3)] * 2), r"expects \[gamma, beta, moving_mean, moving_variance\], got 2 arrays"),
        (lambda: _built_bn().set_weights([np.ones(3), np.ones(4), np.ones(3), np.ones(3)]), r"beta must have shape \(3,\), got \(4,\)"),
        (lambda: BatchNormalization().set_weights([np.ones(2), np.ones(2), np.ones(3), np.ones(2)]), r"moving_mean must have shape \(2,\), got \(3,\)"),
        (lambda: BatchNormalization().set_weights([np.ones((2, 2))] * 4), r"gamma must have shape \(c,\), got \(2, 2\)"),
        (lambda: _built_bn().set_weights([np.ones(3)] * 3 + [-np.ones(3)]), r"moving_variance must not be negative"),
        (lambda: BatchNormalization().build(()), r"input_shape must have at least 1 positive size \(no batch axis\), got \(\)"),
        (lambda: GlobalAveragePooling2D().compute_output_shape((4, 4)), r"GlobalAveragePooling2D: input_shape must have 3 positive sizes"),
    ],
)
def test_bad_arguments_are_clear_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()
