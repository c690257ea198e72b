"""Part 13: Keras and the NumPy network, trained side by side from the same weights on the same
mini-batches, then the trained Keras weights copied into NumPy: the same predictions.

Keras's import and the two short trainings are what this part costs at build time (one epoch of
MNIST-5k's training digits each), so one snippet does everything that needs them. What a step
prints goes to ``keras_vs_numpy.<step>.out.txt`` (the page shows each step's output under its
code), the numbers the prose quotes to ``keras_vs_numpy.values.json``, the figure to
``13-numpy-model-training.{ja,en}.svg``. Nothing printed depends on the clock.
"""

import contextlib
import json


@contextlib.contextmanager
def step(name):
    """Send what the block prints to keras_vs_numpy.<name>.out.txt instead of the snippet's own output."""
    with open(f"keras_vs_numpy.{name}.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
        yield


with step("start"):
    # --8<-- [start:start]
    from cnn_blog.reproduce import same_numbers_as_the_page

    same_numbers_as_the_page()  # before NumPy and Keras load

    import keras
    import numpy as np

    from cnn_blog import train
    from cnn_blog.data import load_mnist_5k
    from cnn_blog.numpy_model import one_hot, series_model
    from cnn_blog.optimizers import Adam

    train.set_seed(0)  # Keras: the same initial weights and Dropout masks on every run
    x_train, x_test, y_train, y_test = load_mnist_5k(test_size=0.2, seed=0)  # stratified split
    t_train = one_hot(y_train, 10).astype(np.float32)  # (4000, 10) one-hot labels

    keras_model = train.build_model((28, 28, 1), 10)  # the script's own model code
    keras_model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(),
                        metrics=["accuracy"])
    numpy_model = series_model((28, 28, 1), 10, seed=0)  # seed 0: its Dropout masks
    numpy_model.load_keras_weights(keras_model)  # start from the very same weights
    adam = Adam()  # cnn_blog.optimizers.Adam with Keras's defaults
    print(f"training images {len(x_train):,}, test images {len(x_test):,}")
    print(f"parameters: Keras {keras_model.count_params():,}, NumPy {numpy_model.count_params():,}")
    # --8<-- [end:start]

with step("train"):
    # --8<-- [start:train]
    batch_size, steps = 32, 125  # 125 mini-batches of 32 = 4,000 images: one epoch
    order = np.random.default_rng(0).permutation(len(x_train))  # one shuffled order for both
    history = {"keras": [], "numpy": []}  # (loss, accuracy) of every mini-batch
    for i in range(steps):
        batch = order[i * batch_size:(i + 1) * batch_size]  # 32 image indices
        x, t = x_train[batch], t_train[batch]  # (32, 28, 28, 1), (32, 10)
        keras_model.reset_metrics()  # this batch's loss and accuracy, not a mean since the last reset
        history["keras"].append(tuple(float(v) for v in keras_model.train_on_batch(x, t)))
        history["numpy"].append(numpy_model.train_on_batch(x, t, adam))
    # --8<-- [end:train]
    # --8<-- [start:report]
    print("step  loss: Keras  NumPy   accuracy: Keras  NumPy")
    for i in (0, 24, 49, 74, 99, 124):
        (k_loss, k_acc), (n_loss, n_acc) = history["keras"][i], history["numpy"][i]
        print(f"{i + 1:>4}        {k_loss:.3f}  {n_loss:.3f}            {k_acc:.3f}  {n_acc:.3f}")
    keras_test = keras_model.evaluate(x_test, one_hot(y_test, 10), verbose=0)  # [loss, accuracy]
    numpy_test = numpy_model.evaluate(x_test, y_test)  # (loss, accuracy)
    print(f"test data: Keras loss {keras_test[0]:.3f}, accuracy {keras_test[1]:.1%}")
    print(f"           NumPy loss {numpy_test[0]:.3f}, accuracy {numpy_test[1]:.1%}")
    # --8<-- [end:report]

with step("predict"):
    # --8<-- [start:predict]
    floatx, policy = keras.config.floatx(), keras.config.dtype_policy()  # Keras's settings now: float32
    keras.config.set_floatx("float64")  # the Keras layers built from here to `finally` compute in float64
    keras.config.set_dtype_policy("float64")
    try:
        keras_model_64 = train.build_model((28, 28, 1), 10)
        keras_model_64.set_weights(keras_model.get_weights())  # the trained weights, now float64
    finally:  # back to the settings of before: layers built later compute in float32 again
        keras.config.set_floatx(floatx)
        keras.config.set_dtype_policy(policy)

    for keras_net, dtype, limit in ((keras_model_64, np.float64, 1e-5), (keras_model, np.float32, 1e-4)):
        twin = series_model((28, 28, 1), 10, dtype=dtype).load_keras_weights(keras_net)
        p_keras = keras_net.predict_on_batch(x_test.astype(dtype))  # (1000, 10) probabilities
        p_numpy = twin.predict(x_test)  # (1000, 10), in the twin's dtype
        diff = np.abs(p_keras - p_numpy).max()
        same = np.sum(p_keras.argmax(axis=1) == p_numpy.argmax(axis=1))
        print(f"{np.dtype(dtype).name}: max |Keras - NumPy| = {diff:.0e} (< {limit:.0e}: {diff < limit})")
        print(f"         same digit predicted for {same:,} of {len(x_test):,} test images")
    # --8<-- [end:predict]

# --8<-- [start:figures]
from cnn_blog.figures.numpy_model import make_training_curves
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:  # "ja", "en": the same figure, labelled in each language
    save_figure(make_training_curves(lang, history), f"13-numpy-model-training.{lang}.svg")
# --8<-- [end:figures]

# Numbers the page quotes in its prose (read by the site build).
losses = {name: np.array([loss for loss, _ in pairs]) for name, pairs in history.items()}
last = 25  # the prose compares the mean loss of the last 25 steps
with open("keras_vs_numpy.values.json", "w") as fh:
    json.dump({
        "steps": steps,
        "batch_size": batch_size,
        "train_images": f"{len(x_train):,}",
        "test_images": f"{len(x_test):,}",
        "keras_first_loss": f"{losses['keras'][0]:.3f}",
        "numpy_first_loss": f"{losses['numpy'][0]:.3f}",
        "last_steps": last,
        "keras_last_loss": f"{losses['keras'][-last:].mean():.3f}",
        "numpy_last_loss": f"{losses['numpy'][-last:].mean():.3f}",
        "keras_test_accuracy": f"{keras_test[1]:.1%}",
        "numpy_test_accuracy": f"{numpy_test[1]:.1%}",
    }, fh)
