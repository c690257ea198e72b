"""Keras's fit takes ceil(n / batch_size) steps per epoch, and its step is the NumPy step."""

import contextlib

# --8<-- [start:count]
import math

from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
from keras import layers

from cnn_blog.data import load_mnist_5k
from cnn_blog.numpy_model import one_hot
from cnn_blog.train import set_seed

set_seed(0)  # the same initial weights on every run
x_train, _, y_train, _ = load_mnist_5k()
t_train = one_hot(y_train, 10)  # (4000, 10)


class StepCounter(keras.callbacks.Callback):
    """Counts the steps (mini-batches) of each epoch of fit."""

    def on_epoch_begin(self, epoch, logs=None):
        self.steps = 0

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1


def keras_model(dtype="float32"):  # the same small model as the NumPy one
    return keras.Sequential([
        keras.Input((28, 28, 1), dtype=dtype),
        layers.Flatten(dtype=dtype),
        layers.Dense(64, dtype=dtype),
        layers.Activation("relu", dtype=dtype),
        layers.Dense(10, dtype=dtype),
        layers.Activation("softmax", dtype=dtype),
    ])


model = keras_model()
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam())
for batch_size in (8, 32, 128):
    counter = StepCounter()
    model.fit(x_train, t_train, batch_size=batch_size, epochs=1, callbacks=[counter], verbose=0)
    print(f"batch_size {batch_size:>3}: Keras took {counter.steps:>3} steps; "
          f"ceil({len(x_train)} / {batch_size}) = {math.ceil(len(x_train) / batch_size)}")
# --8<-- [end:count]

# What this step prints goes to keras_steps.one_step.out.txt: the page shows it under its code.
with open("keras_steps.one_step.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:one_step]
    import numpy as np

    from cnn_blog.demos.batch_size import small_model
    from cnn_blog.optimizers import Adam

    ours = small_model(seed=0, dtype=np.float64)
    ref = keras_model("float64")
    ref.set_weights(ours.get_weights())  # the same starting weights in both
    ref.compile(loss=keras.losses.CategoricalCrossentropy(dtype="float64"), optimizer=keras.optimizers.Adam())
    x, t = x_train[:32].astype(np.float64), t_train[:32]  # one mini-batch of 32
    keras_loss = ref.train_on_batch(x, t)  # Keras: forward, mean loss, one Adam step (loss kept in float32)
    loss, _ = ours.train_on_batch(x, t, Adam())  # NumPy: the same
    gap = max(np.abs(a - b).max() for a, b in zip(ours.get_weights(), ref.get_weights()))
    print(f"loss: Keras {keras_loss:.4f}, NumPy {loss:.4f}; agree to 1e-6: {abs(keras_loss - loss) < 1e-6}")
    print(f"weights after the step agree to 1e-9: {gap < 1e-9}")
    # --8<-- [end:one_step]
