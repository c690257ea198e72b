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


def dropout_experiment(per_digit: int = 30, epochs: int = 20, seed: int = 0) -> dict:
    """Train the model above twice, without and with dropout, on few digits; same seed for both.

    Training data: the first ``per_digit`` images of each digit of MNIST-5k's training split
    (300 for 30); validation data: the whole test split (1,000). Returns
    ``{"without": {...}, "with": {...}, "n_train": int, "n_val": int}``, each run holding Keras's
    lists ``accuracy``, ``val_accuracy``, ``loss`` and ``val_loss`` (one number per epoch).
    """
    if per_digit < 1 or epochs < 1:
        raise ValueError(f"per_digit and epochs must be 1 or more, got per_digit={per_digit}, epochs={epochs}")
    import keras

    from cnn_blog.train import set_seed

    x_train, x_val, y_train, y_val = data.load_mnist_5k(seed=seed)  # stratified and shuffled
    few = np.concatenate([np.flatnonzero(y_train == digit)[:per_digit] for digit in range(10)])
    x_few, y_few = x_train[few], keras.utils.to_categorical(y_train[few], 10)  # (300, 28, 28, 1), (300, 10)
    y_val = keras.utils.to_categorical(y_val, 10)  # (1000,) -> (1000, 10)

    results = {"n_train": len(x_few), "n_val": len(x_val)}
    for name, dropout in (("without", False), ("with", True)):
        set_seed(seed)  # the same random start for both runs
        model = experiment_model(dropout)
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(), metrics=["accuracy"],
                      steps_per_execution=10)  # 10 mini-batches per call: same numbers, less overhead
        history = model.fit(x_few, y_few, batch_size=32, epochs=epochs,
                            validation_data=(x_val, y_val), verbose=0)
        results[name] = {key: [float(v) for v in history.history[key]]
                         for key in ("accuracy", "val_accuracy", "loss", "val_loss")}
    return results
# --8<-- [end:experiment]
