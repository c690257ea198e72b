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

BATCH_SIZES = (8, 32, 128)  # the script's 32, a quarter of it and four times it
EPOCHS = 20  # for the figures; the original series trains for 100
VALIDATION_SPLIT = 0.1  # as part 12's validation_split=0.1


# --8<-- [start:small_model]
def small_model(seed: int = 0, dtype=np.float32) -> Sequential:
    """A small NumPy model for the digits: x (n, 28, 28, 1) -> probabilities (n, 10)."""
    model = Sequential([Flatten(), Dense(64), ReLU(), Dense(10), Softmax()])
    return model.build((28, 28, 1), seed=seed, dtype=dtype)
# --8<-- [end:small_model]


# --8<-- [start:train]
def split_validation(x, labels, validation_split=VALIDATION_SPLIT):
    """Keep the last ``validation_split`` of the training data apart, as Keras's ``validation_split``
    does (it takes the last ones, before any shuffling). Returns (x_fit, labels_fit), (x_val, labels_val)."""
    if not 0 < validation_split < 1:
        raise ValueError(f"validation_split must be between 0 and 1, got {validation_split!r}")
    n_fit = math.floor(len(x) * (1 - validation_split))  # 4,000 digits -> 3,600 to train on, 400 to validate
    return (x[:n_fit], labels[:n_fit]), (x[n_fit:], labels[n_fit:])


def train_with_batch_size(batch_size, epochs=EPOCHS, seed=0):
    """Train ``small_model`` on MNIST-5k's training split, less its last 10 % (the validation data),
    with mini-batches of ``batch_size``.

    Returns (model, history): history["step_loss"] is the loss of every step's mini-batch,
    history["loss"] the mean over each epoch (what Keras's fit reports), history["val_loss"]
    and history["val_accuracy"] are measured on the validation data after each epoch, and
    history["test_loss"], history["test_accuracy"] once, on the test data, after the last epoch.
    """
    if not all(isinstance(n, (int, np.integer)) and n >= 1 for n in (batch_size, epochs)):
        raise ValueError(f"batch_size and epochs must be positive integers, got {batch_size!r}, {epochs!r}")
    x_train, x_test, y_train, y_test = load_mnist_5k(seed=seed)  # 4,000 and 1,000 digits
    (x_fit, y_fit), (x_val, y_val) = split_validation(x_train, y_train)  # 3,600 and 400
    t_fit = one_hot(y_fit, 10).astype(np.float32)  # (3600, 10) correct labels, one-hot
    model, optimizer = small_model(seed), Adam()  # Adam with Keras's defaults
    rng = np.random.default_rng(seed)
    steps_per_epoch = math.ceil(len(x_fit) / batch_size)
    history = {"step_loss": [], "loss": [], "val_loss": [], "val_accuracy": []}
    for epoch in range(epochs):
        order = rng.permutation(len(x_fit))  # a new order every epoch (Keras: shuffle=True)
        losses, sizes = [], []
        for step in range(steps_per_epoch):
            batch = order[step * batch_size:(step + 1) * batch_size]  # the last one may be smaller
            loss, _ = model.train_on_batch(x_fit[batch], t_fit[batch], optimizer)  # one step
            losses.append(loss)
            sizes.append(len(batch))
        history["step_loss"] += losses
        history["loss"].append(float(np.average(losses, weights=sizes)))
        val_loss, val_accuracy = model.evaluate(x_val, y_val)  # for choosing the epoch
        history["val_loss"].append(val_loss)
        history["val_accuracy"].append(val_accuracy)
    history["test_loss"], history["test_accuracy"] = model.evaluate(x_test, y_test)  # once: the final number
    return model, history
# --8<-- [end:train]
