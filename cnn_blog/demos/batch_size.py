"""The computations of part 10, batch size and epochs (``docs/10-batch-size-epochs.*.md``).

A small NumPy model (``small_model``: Flatten, Dense(64), ReLU, Dense(10), Softmax) on the bundled
MNIST-5k digits, trained with the same loop for several batch sizes (``train_with_batch_size``).
The model is small so that every run takes seconds on a CPU; what the batch size does to training
is the same for the series' model. NumPy only: importing this module loads no TensorFlow.
"""

from __future__ import annotations

import math

import numpy as np

from cnn_blog.data import load_mnist_5k
from cnn_blog.layers import Dense, Flatten, ReLU, Softmax
from cnn_blog.numpy_model import Sequential, one_hot
from cnn_blog.optimizers import Adam

BATCH_SIZES = (8, 32, 128)  # the series' 32, a quarter of it and four times it
EPOCHS = 20  # for the figures; the series trains for 100


# --8<-- [start:small_model]
def small_model(seed: int = 0, dtype=np.float32) -> Sequential:
    """A small NumPy model for the digits: x (n, 28, 28, 1) -> probabilities (n, 10)."""
    model = Sequential([Flatten(), Dense(64), ReLU(), Dense(10), Softmax()])
    return model.build((28, 28, 1), seed=seed, dtype=dtype)
# --8<-- [end:small_model]


# --8<-- [start:train]
def train_with_batch_size(batch_size, epochs=EPOCHS, seed=0):
    """Train ``small_model`` on MNIST-5k's training split with mini-batches of ``batch_size``.

    Returns (model, history): history["step_loss"] is the loss of every step's mini-batch,
    history["loss"] the mean over each epoch (what Keras's fit reports), history["test_loss"]
    and history["test_accuracy"] are measured on the test data after each epoch.
    """
    if not all(isinstance(n, (int, np.integer)) and n >= 1 for n in (batch_size, epochs)):
        raise ValueError(f"batch_size and epochs must be positive integers, got {batch_size!r}, {epochs!r}")
    x_train, x_test, y_train, y_test = load_mnist_5k(seed=seed)  # 4,000 and 1,000 digits
    t_train = one_hot(y_train, 10).astype(np.float32)  # (4000, 10) correct labels, one-hot
    model, optimizer = small_model(seed), Adam()  # Adam with Keras's defaults
    rng = np.random.default_rng(seed)
    steps_per_epoch = math.ceil(len(x_train) / batch_size)
    history = {"step_loss": [], "loss": [], "test_loss": [], "test_accuracy": []}
    for epoch in range(epochs):
        order = rng.permutation(len(x_train))  # a new order every epoch (Keras: shuffle=True)
        losses, sizes = [], []
        for step in range(steps_per_epoch):
            batch = order[step * batch_size:(step + 1) * batch_size]  # the last one may be smaller
            loss, _ = model.train_on_batch(x_train[batch], t_train[batch], optimizer)  # one step
            losses.append(loss)
            sizes.append(len(batch))
        history["step_loss"] += losses
        history["loss"].append(float(np.average(losses, weights=sizes)))
        test_loss, test_accuracy = model.evaluate(x_test, y_test)
        history["test_loss"].append(test_loss)
        history["test_accuracy"].append(test_accuracy)
    return model, history
# --8<-- [end:train]
