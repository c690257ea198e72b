"""How fast are cnn_blog's NumPy layers? Measured side by side with TensorFlow in one run.

Run by hand (not a test; it takes about a minute):

    .venv/bin/python benchmarks/bench_layers.py

1. Conv2D on x (32, 28, 28, 32) with 64 filters of 3 x 3, float32: NumPy forward and
   forward + backward against ``tf.nn.conv2d`` and its gradients (``tf.GradientTape``), and
   against the naive loop twin ``conv2d_naive``.
2. One training epoch of the series' model on MNIST-5k's 4,000 training digits (batch 32,
   Adam): ``numpy_model.Sequential.fit`` against ``keras.Model.fit``.

Targets (issue 3): NumPy forward no slower than TensorFlow's, at least 30x faster than the
naive loop, a NumPy epoch at most 2x a Keras epoch. Timings are medians of interleaved
repeats (NumPy, TensorFlow, NumPy, ...), so a busy neighbour slows both sides alike.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up notes quiet

import numpy as np

from cnn_blog.data import load_mnist_5k
from cnn_blog.layers import Conv2D, conv2d_naive
from cnn_blog.numpy_model import series_model


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(fns: dict, repeats: int) -> dict:
    """Median seconds of each function, called in turn ``repeats`` times after one warm-up."""
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            times[name].append(timed(fn))
    return {name: float(np.median(t)) for name, t in times.items()}


def back_to_back(fns: dict, repeats: int) -> dict:
    """Median seconds of each function, called ``repeats`` times in a row (its own block).

    TensorFlow's thread pool stays hot between its own calls, so this is its best case.
    """
    result = {}
    for name, fn in fns.items():
        fn()
        result[name] = float(np.median([timed(fn) for _ in range(repeats)]))
    return result


def bench_conv(repeats: int, padding: str) -> list[tuple[str, float, str]]:
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 28, 28, 32)).astype(np.float32)  # (n, h, w, c_in)
    conv = Conv2D(64, (3, 3), padding=padding)
    conv.build((28, 28, 32), rng=rng, dtype=np.float32)
    conv.set_weights([conv.kernel, rng.normal(size=64).astype(np.float32)])
    out = conv.forward(x)
    dout = rng.normal(size=out.shape).astype(np.float32)  # (32, h_out, w_out, 64)

    x_tf, k_tf, b_tf = tf.constant(x), tf.constant(conv.kernel), tf.constant(conv.bias)
    dout_tf = tf.constant(dout)
    pad_tf = padding.upper()

    def tf_forward():
        return (tf.nn.conv2d(x_tf, k_tf, strides=1, padding=pad_tf) + b_tf).numpy()

    def tf_forward_backward():
        with tf.GradientTape() as tape:
            tape.watch([x_tf, k_tf, b_tf])
            y = tf.nn.conv2d(x_tf, k_tf, strides=1, padding=pad_tf) + b_tf
        grads = tape.gradient(y, [x_tf, k_tf, b_tf], output_gradients=dout_tf)
        return [g.numpy() for g in grads]  # dx, dkernel, dbias, as NumPy computes them

    def np_forward_backward():
        conv.forward(x)
        return conv.backward(dout)

    # the two libraries agree before they race
    np.testing.assert_allclose(conv.forward(x), tf_forward(), rtol=1e-4, atol=1e-3)
    dx_tf, dk_tf, db_tf = tf_forward_backward()
    np.testing.assert_allclose(np_forward_backward(), dx_tf, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(conv.dkernel, dk_tf, rtol=1e-4, atol=1e-2)

    fns = {"np_f": lambda: conv.forward(x), "tf_f": tf_forward,
           "np_fb": np_forward_backward, "tf_fb": tf_forward_backward}
    t, b = interleaved(fns, repeats), back_to_back(fns, repeats)

    def pair(name):  # "interleaved / back-to-back" in ms
        return t[name], b[name]

    def ratio(a, c):
        return f"{t[a] / t[c]:.2f} / {b[a] / b[c]:.2f}"

    rows = [
        (f"Conv2D forward, NumPy im2col ({padding})", pair("np_f"), ""),
        (f"Conv2D forward, tf.nn.conv2d ({padding})", pair("tf_f"), "NumPy/TF " + ratio("np_f", "tf_f")),
        (f"Conv2D forward + backward, NumPy ({padding})", pair("np_fb"), ""),
        (f"Conv2D forward + backward, TF GradientTape ({padding})", pair("tf_fb"),
         "NumPy/TF " + ratio("np_fb", "tf_fb")),
    ]
    if padding == "same":
        naive = timed(lambda: conv2d_naive(x, conv.kernel, conv.bias, padding=padding))  # once: seconds
        rows.append((f"Conv2D forward, naive loop ({padding}), one run", (naive, naive),
                     f"naive/NumPy {naive / t['np_f']:.0f}x / {naive / b['np_f']:.0f}x"))
    return rows


def keras_series_model(input_shape, num_classes):
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(32, (3, 3), padding="same"), layers.Activation("relu"),
        layers.Conv2D(32, (3, 3)), layers.Activation("relu"),
        layers.MaxPooling2D(pool_size=(2, 2)), layers.Dropout(0.25),
        layers.Conv2D(64, (3, 3), padding="same"), layers.Activation("relu"),
        layers.Conv2D(64, (3, 3)), layers.Activation("relu"),
        layers.MaxPooling2D(pool_size=(2, 2)), layers.Dropout(0.25),
        layers.Flatten(), layers.Dense(512), layers.Activation("relu"), layers.Dropout(0.5),
        layers.Dense(num_classes), layers.Activation("softmax"),
    ])


def bench_epoch(epochs: int) -> list[tuple[str, float, str]]:
    import keras

    x_train, _, y_train, _ = load_mnist_5k(test_size=0.2, seed=0)  # (4000, 28, 28, 1) float32
    keras.utils.set_random_seed(0)
    ref = keras_series_model((28, 28, 1), 10)
    ref.compile(optimizer=keras.optimizers.Adam(), loss="categorical_crossentropy", metrics=["accuracy"])
    t_onehot = keras.utils.to_categorical(y_train, 10)

    class EpochTimes(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)

    model = series_model((28, 28, 1), 10, seed=0)
    keras_first = []
    np_times = []
    # interleave: Keras epoch, NumPy epoch, Keras epoch, ... (Keras's first epoch also traces
    # the graph; it is reported on its own, the steady state from the later ones)
    for epoch in range(epochs + 1):
        times = []
        ref.fit(x_train, t_onehot, batch_size=32, epochs=1, verbose=0, callbacks=[EpochTimes()])
        keras_first.append(times[0])
        if epoch > 0:
            np_times.append(timed(lambda: model.fit(x_train, y_train, batch_size=32, epochs=1, seed=epoch)))
    keras_steady = float(np.median(keras_first[1:]))
    numpy_epoch = float(np.median(np_times))
    return [
        ("Keras fit, first epoch (includes tracing)", (keras_first[0],), ""),
        ("Keras fit, one epoch (median of the later ones)", (keras_steady,), ""),
        ("NumPy Sequential.fit, one epoch (median)", (numpy_epoch,), f"NumPy/Keras {numpy_epoch / keras_steady:.2f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="repeats of each conv timing")
    parser.add_argument("--epochs", type=int, default=2, help="epochs timed for each library")
    args = parser.parse_args()

    rows = bench_conv(args.repeats, "same") + bench_conv(args.repeats, "valid") + bench_epoch(args.epochs)
    print(f"\n{os.cpu_count()} CPU cores, NumPy {np.__version__}; conv: medians of {args.repeats} "
          f"repeats, interleaved (NumPy, TF, NumPy, ...) / back to back; fit: {args.epochs} epochs each\n")
    print(f"| {'measurement':56s} | {'interleaved':>11s} | {'back to back':>12s} | {'ratio':26s} |")
    print(f"|{'-' * 58}|{'-' * 13}|{'-' * 14}|{'-' * 28}|")
    for name, seconds, ratio in rows:
        shown = [f"{v * 1e3:.1f} ms" if v < 10 else f"{v:.1f} s" for v in seconds]
        first, second = shown[0], (shown[1] if len(shown) == 2 else "")  # epochs: interleaved only
        print(f"| {name:56s} | {first:>11s} | {second:>12s} | {ratio:26s} |")
    print("\nratio: interleaved / back to back; targets: forward NumPy/TF <= 1, naive/NumPy >= 30, "
          "epoch NumPy/Keras <= 2")


if __name__ == "__main__":
    main()
