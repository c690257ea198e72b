"""cnn_blog.losses and cnn_blog.optimizers: the source posts' numbers, Keras's loss and Adam, and the
fused softmax + cross-entropy gradient."""

import keras
import numpy as np
import pytest

from cnn_blog.layers import Dense, Softmax
from cnn_blog.losses import (
    SoftmaxCrossEntropy,
    categorical_crossentropy,
    cross_entropy_error,
    sum_squared_error,
)
from cnn_blog.optimizers import Adam
from numgrad import numerical_gradient

# --------------------------------------------------------------------------- the posts' numbers

CORRECT_4TH = [0.0, 0.0, 0.0, 1.0]
T_3RD = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # the book's one-hot label: the correct class is "2"


@pytest.mark.parametrize(
    "y_pred, expected",
    [([0.012, 0.18, 0.033, 0.775], 0.25489224962879004), ([0.12, 0.18, 0.33, 0.37], 0.9942522733438669)],
)
def test_categorical_crossentropy_gives_the_posts_numbers(y_pred, expected):
    loss = categorical_crossentropy(CORRECT_4TH, y_pred)
    assert loss.shape == ()
    assert float(loss) == pytest.approx(expected, rel=1e-15, abs=0)
    assert float(loss) == pytest.approx(-np.log(y_pred[3]), rel=1e-15)  # -log of the 4th label's output


@pytest.mark.parametrize(
    "y, expected",
    [
        ([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0], 0.0975),  # right label most likely
        ([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0], 0.5975),  # "7" most likely
    ],
)
def test_sum_squared_error_gives_the_posts_numbers(y, expected):
    assert sum_squared_error(np.array(y), np.array(T_3RD)) == pytest.approx(expected, rel=1e-14, abs=0)


@pytest.mark.parametrize(
    "y, expected",
    [
        ([0.1, 0.5, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0], 0.510825457099338),
        ([0.1, 0.5, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0], 2.3025840929945458),
        # other labels' outputs changed: the error stays the same (only t = 1 counts)
        ([0.2, 0.5, 0.1, 0.1, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0], 2.3025840929945458),
    ],
)
def test_cross_entropy_error_gives_the_posts_numbers(y, expected):
    assert cross_entropy_error(np.array(y), np.array(T_3RD)) == pytest.approx(expected, rel=1e-14, abs=0)


def test_cross_entropy_error_delta_keeps_log_zero_finite_and_batches_average():
    t = np.array(T_3RD)
    assert cross_entropy_error(np.zeros(10), t) == pytest.approx(-np.log(1e-7))  # 16.118..., not inf
    assert cross_entropy_error(np.zeros(10), t, delta=1e-3) == pytest.approx(-np.log(1e-3))
    y1 = np.array([0.1, 0.5, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    y2 = np.array([0.1, 0.5, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
    batch = cross_entropy_error(np.stack([y1, y2]), np.stack([t, t]))  # (2, 10): the mean of the two
    assert batch == pytest.approx((0.510825457099338 + 2.3025840929945458) / 2, rel=1e-14)


# --------------------------------------------------------------------------- Keras's loss


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_categorical_crossentropy_equals_keras(dtype):
    rng = np.random.default_rng(0)
    y_pred = rng.random((8, 5)) * 3  # rows that do not sum to 1: Keras divides by the sum
    y_pred[0, 2] = 0.0  # a zero probability: Keras clips it to 1e-7
    y_pred[1] = [0, 0, 7, 0, 0]  # a certain prediction: Keras clips 1 to 1 - 1e-7
    labels = rng.integers(0, 5, size=8)
    labels[:2] = 2
    y_true = np.eye(5)[labels]
    y_pred, y_true = y_pred.astype(dtype), y_true.astype(dtype)
    ours = categorical_crossentropy(y_true, y_pred)
    expected = keras.ops.convert_to_numpy(keras.losses.categorical_crossentropy(y_true, y_pred))
    assert ours.shape == (8,) and ours.dtype == dtype
    np.testing.assert_allclose(ours, expected, rtol=1e-6 if dtype == np.float32 else 1e-14)
    assert ours[0] == pytest.approx(-np.log(np.asarray(1e-7, dtype)), rel=1e-6)  # clipped, not inf
    assert ours[1] == pytest.approx(-np.log(np.asarray(1 - 1e-7, dtype)), rel=1e-6)  # not exactly 0
    loss = keras.losses.CategoricalCrossentropy(dtype=dtype.__name__)(y_true, y_pred)  # compile()'s loss
    assert np.mean(ours) == pytest.approx(float(keras.ops.convert_to_numpy(loss)), rel=1e-6)


# --------------------------------------------------------------------------- fused softmax + CE


def test_softmax_cross_entropy_loss_equals_keras_from_logits_and_the_two_steps():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 4)) * 3  # scores (logits)
    t = np.eye(4)[rng.integers(0, 4, size=6)]
    loss = SoftmaxCrossEntropy().forward(x, t)
    keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True, dtype="float64")(t, x)
    assert loss == pytest.approx(float(keras.ops.convert_to_numpy(keras_loss)), rel=1e-12)
    two_steps = np.mean(categorical_crossentropy(t, Softmax().forward(x)))
    assert loss == pytest.approx(two_steps, rel=1e-12)


def test_softmax_cross_entropy_backward_is_y_minus_t_over_batch_and_the_numerical_gradient():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(5, 3))
    t = np.eye(3)[[0, 2, 1, 1, 0]]
    layer = SoftmaxCrossEntropy()
    layer.forward(x, t)
    dx = layer.backward()
    y = Softmax().forward(x)
    np.testing.assert_allclose(dx, (y - t) / 5, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(dx, numerical_gradient(lambda v: SoftmaxCrossEntropy().forward(v, t), x.copy()), atol=1e-8)
    # the same gradient as Softmax.backward after the gradient of -sum(t * log y) / n
    np.testing.assert_allclose(_chain(x, t), dx, atol=1e-14)


def _chain(x, t):
    softmax = Softmax()
    y = softmax.forward(x)
    return softmax.backward(-t / y / len(x))  # d(-sum(t log y) / n) / dy, then through softmax


def test_softmax_cross_entropy_is_stable_for_huge_scores():
    layer = SoftmaxCrossEntropy()
    loss = layer.forward(np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([[0.0, 1.0], [0.0, 1.0]]))
    assert loss == pytest.approx(500.0)  # (1000 + 0) / 2, no inf or nan
    assert np.all(np.isfinite(layer.backward()))


# --------------------------------------------------------------------------- loss errors


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: categorical_crossentropy(np.ones((2, 3)), np.ones((2, 4))), ValueError, r"y_true\.shape=\(2, 3\), y_pred\.shape=\(2, 4\)"),
        (lambda: categorical_crossentropy([0, 1], [np.nan, 1.0]), ValueError, r"y_pred contains NaN or infinity \(shape \(2,\)\)"),
        (lambda: sum_squared_error(np.ones(3), np.ones(4)), ValueError, r"y\.shape=\(3,\), t\.shape=\(4,\)"),
        (lambda: cross_entropy_error(np.ones(3), np.array(["a", "b", "c"])), ValueError, r"t must be a numeric array"),
        (lambda: cross_entropy_error(np.array([0.5, np.inf]), np.ones(2)), ValueError, r"y contains NaN or infinity"),
        (lambda: SoftmaxCrossEntropy().forward(np.ones((2, 3)), np.ones((3, 3))), ValueError, r"x\.shape=\(2, 3\), t\.shape=\(3, 3\)"),
        (lambda: SoftmaxCrossEntropy().forward(np.ones(3), np.ones(3)), ValueError, r"shape \(n, classes\), got \(3,\)"),
        (lambda: SoftmaxCrossEntropy().backward(), RuntimeError, r"SoftmaxCrossEntropy\.backward called before forward"),
    ],
)
def test_loss_errors_name_the_arguments_and_shapes(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------------------------- Adam


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kwargs", [{}, {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}])
def test_adam_equals_keras_adam_over_10_steps(dtype, kwargs):
    rng = np.random.default_rng(3)
    start = [rng.normal(size=(3, 3, 2, 4)).astype(dtype), rng.normal(size=4).astype(dtype)]
    steps = [[rng.normal(size=w.shape).astype(dtype) for w in start] for _ in range(10)]
    ref_vars = [keras.Variable(w.copy(), dtype=dtype) for w in start]
    ref = keras.optimizers.Adam(**kwargs)
    ours = [w.copy() for w in start]
    adam = Adam(**kwargs)
    for grads in steps:
        ref.apply(grads, ref_vars)
        adam.apply(grads, ours)
    assert adam.iterations == 10
    for w, ref_w, w0 in zip(ours, ref_vars, start):
        assert w.dtype == dtype
        assert np.abs(w - w0).max() > adam.learning_rate  # the weights really moved
        tight = {"float64": 1e-13, "float32": 1e-6}[dtype]
        np.testing.assert_allclose(w, ref_w.numpy(), rtol=tight, atol=tight * 1e-2)


def test_adam_defaults_are_keras_defaults():
    adam = Adam()
    ref = keras.optimizers.Adam()
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (
        pytest.approx(float(ref.learning_rate.numpy())), ref.beta_1, ref.beta_2, ref.epsilon,
    ) == (pytest.approx(0.001), 0.9, 0.999, 1e-7)


def test_adam_update_moves_a_layers_weights_in_place_by_about_the_learning_rate():
    rng = np.random.default_rng(4)
    layer = Dense(3)
    layer.build((5,), rng=rng, dtype=np.float64)
    kernel, before = layer.kernel, layer.kernel.copy()
    layer.forward(rng.normal(size=(4, 5)))
    layer.backward(rng.normal(size=(4, 3)))
    Adam(learning_rate=0.01).update([layer, Softmax()])  # layers without weights are skipped
    assert layer.kernel is kernel  # the same array, changed in place
    # Adam's first step is -learning_rate * sign(gradient), up to epsilon
    np.testing.assert_allclose(layer.kernel - before, -0.01 * np.sign(layer.dkernel), rtol=1e-4)
    np.testing.assert_allclose(layer.bias, -0.01 * np.sign(layer.dbias), rtol=1e-4)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: Adam(learning_rate=0), ValueError, r"learning_rate must be a positive number, got 0"),
        (lambda: Adam(beta_1=1.0), ValueError, r"beta_1 must be in \[0, 1\), got 1\.0"),
        (lambda: Adam(beta_2=-0.5), ValueError, r"beta_2 must be in \[0, 1\), got -0\.5"),
        (lambda: Adam(epsilon=float("nan")), ValueError, r"epsilon must be a positive number, got nan"),
        (lambda: Adam().apply([np.ones(3)], [np.ones(3), np.ones(2)]), ValueError, r"got 1 gradients for 2 variables"),
        (lambda: Adam().apply([np.ones(2)], [np.ones(3)]), ValueError, r"gradient 0 has shape \(2,\), its variable \(3,\)"),
        (lambda: Adam().update([_built_dense()]), RuntimeError, r"Dense has no gradients: call backward before update"),
        (lambda: _two_applies(), ValueError, r"same variables at every step: first \[\(3,\)\], now \[\(4,\)\]"),
    ],
)
def test_adam_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def _built_dense():
    layer = Dense(2)
    layer.build((3,))
    return layer


def _two_applies():
    adam = Adam()
    adam.apply([np.ones(3)], [np.ones(3)])
    adam.apply([np.ones(4)], [np.ones(4)])
