"""The computations of part 5, Dropout (``docs/05-dropout.*.md``).

What ``Dropout(0.25)`` does to a real feature map, step after step of training (``dropout_steps``),
and a small training experiment with and without dropout (``experiment_model`` and
``dropout_experiment``). The experiment needs Keras; it is imported inside the functions that train,
so importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from cnn_blog import data
from cnn_blog.demos.relu import relu_feature_map
from cnn_blog.layers import Dropout

RATE = 0.25  # the series' Dropout(0.25)
MASK_SEED = 0  # seed of the np.random.Generator that draws the masks


# --8<-- [start:dropout_steps]
def dropout_steps(steps: int = 3, rate: float = RATE, seed: int = MASK_SEED):
    """A ReLU feature map of the cat photo, and what ``Dropout(rate)`` makes of it at each training step.

    Returns ``(image, fmap, outs, keeps)``: image (h, w), the gray photo; fmap (h - 2, w - 2), the
    map after ``Conv2D`` and ReLU (part 3's ``relu_feature_map``); outs, ``steps`` arrays shaped like
    fmap, Dropout's output in training; keeps, ``steps`` boolean arrays shaped like fmap, True where
    the value was kept. One seeded generator draws every step, as in one training run: each step
    gets a new mask.
    """
    if steps < 1:
        raise ValueError(f"steps must be 1 or more, got {steps}")
    image, _, fmap = relu_feature_map(data.chelsea_gray())  # photo -> Conv2D -> ReLU
    dropout = Dropout(rate, rng=np.random.default_rng(seed))
    outs, keeps = [], []
    for _ in range(steps):
        outs.append(dropout.forward(fmap, training=True))  # (h - 2, w - 2): 0 or value / (1 - rate)
        keeps.append(dropout.mask > 0)  # the mask holds 0 or 1 / (1 - rate)
    return image, fmap, outs, keeps
# --8<-- [end:dropout_steps]


# --8<-- [start:experiment]
def experiment_model(dropout: bool):
    """The series' model with its second Conv2D block left out, for 28 x 28 digits.

    ``dropout=True``: with the series' ``Dropout(0.25)`` after pooling and ``Dropout(0.5)`` after
    ``Dense(512)``; ``dropout=False``: the same model without those two lines.
    """
    import keras
    from keras import layers

    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28, 1)))
    model.add(layers.Conv2D(32, (3, 3), padding="same"))
    model.add(layers.Activation("relu"))
    model.add(layers.Conv2D(32, (3, 3)))
    model.add(layers.Activation("relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    if dropout:
        model.add(layers.Dropout(0.25))
    model.add(layers.Flatten())
    model.add(layers.Dense(512))
    model.add(layers.Activation("relu"))
    if dropout:
        model.add(layers.Dropout(0.5))
    model.add(layers.Dense(10))
    model.add(layers.Activation("softmax"))
    return model


def experiment_split(per_digit: int = 30, val_per_digit: int = 100, seed: int = 0):
    """Which images of MNIST-5k's training split the experiment trains and validates on.

    Returns ``(train, val)``, two index arrays into the training split of ``data.load_mnist_5k(seed=seed)``:
    the first ``per_digit`` images of each digit to train on, the next ``val_per_digit`` of each digit
    to pick epochs and compare runs on. Both come from the training split; the test split is kept for
    one final number.
    """
    if per_digit < 1 or val_per_digit < 1:
        raise ValueError(f"per_digit and val_per_digit must be 1 or more, got {per_digit}, {val_per_digit}")
    _, _, y_train, _ = data.load_mnist_5k(seed=seed)
    by_digit = [np.flatnonzero(y_train == digit) for digit in range(10)]  # 400 indices per digit
    if per_digit + val_per_digit > min(len(idx) for idx in by_digit):
        raise ValueError(f"per_digit + val_per_digit must be at most {min(len(idx) for idx in by_digit)}")
    train = np.concatenate([idx[:per_digit] for idx in by_digit])
    val = np.concatenate([idx[per_digit:per_digit + val_per_digit] for idx in by_digit])
    return train, val


def dropout_experiment(per_digit: int = 30, epochs: int = 20, seed: int = 0, val_per_digit: int = 100) -> dict:
    """Train the model above twice, without and with dropout, on few digits; same seed for both.

    Training and validation data come from MNIST-5k's training split (``experiment_split``: 300 and
    1,000 images for the defaults); the test split (1,000) is used once, after the last epoch. Returns
    ``{"without": {...}, "with": {...}, "n_train", "n_val", "n_test"}``, each run holding Keras's lists
    ``accuracy``, ``val_accuracy``, ``loss`` and ``val_loss`` (one number per epoch) and its final
    ``test_loss`` and ``test_accuracy``.
    """
    if per_digit < 1 or epochs < 1:
        raise ValueError(f"per_digit and epochs must be 1 or more, got per_digit={per_digit}, epochs={epochs}")
    import keras

    from cnn_blog.train import set_seed

    x_train, x_test, y_train, y_test = data.load_mnist_5k(seed=seed)  # stratified and shuffled
    train, val = experiment_split(per_digit, val_per_digit, seed)
    x_few, y_few = x_train[train], keras.utils.to_categorical(y_train[train], 10)  # (300, 28, 28, 1), (300, 10)
    x_val, y_val = x_train[val], keras.utils.to_categorical(y_train[val], 10)  # (1000, 28, 28, 1), (1000, 10)
    y_test = keras.utils.to_categorical(y_test, 10)  # (1000,) -> (1000, 10)

    results = {"n_train": len(x_few), "n_val": len(x_val), "n_test": len(x_test)}
    for name, dropout in (("without", False), ("with", True)):
        set_seed(seed)  # the same random start for both runs
        model = experiment_model(dropout)
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(), metrics=["accuracy"],
                      steps_per_execution=10)  # 10 mini-batches per call: same numbers, less overhead
        history = model.fit(x_few, y_few, batch_size=32, epochs=epochs,
                            validation_data=(x_val, y_val), verbose=0)
        results[name] = {key: [float(v) for v in history.history[key]]
                         for key in ("accuracy", "val_accuracy", "loss", "val_loss")}
        test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)  # once, at the end
        results[name].update(test_loss=float(test_loss), test_accuracy=float(test_accuracy))
    return results
# --8<-- [end:experiment]
