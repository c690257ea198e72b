"""The series' training script, ``imp_ver_cf10cnn.py``, written anew for Keras 3 on TensorFlow.

It reads top to bottom like the 2019 script: the imports, the constants, ``main`` (load the data,
train, evaluate), the model (``build_model``: the series' layers in its order, one ``model.add`` per
line of the series), ``model_train`` (build, compile, fit, save) and ``model_eval``. Its work sits
in functions: importing it trains nothing.

It is also a command (the bundled MNIST-5k digits are the default data, so it runs offline)::

    python -m cnn_blog.train                                   # train on MNIST-5k, epochs = 100
    python -m cnn_blog.train train --epochs 5 --out runs/mnist  # model.keras, history.json, evaluation.json
    python -m cnn_blog.train train --data photos/               # one subfolder per label, 100 x 100
    python -m cnn_blog.train augment --data photos/ --out data/augmented_images.npz
    python -m cnn_blog.train train --data data/augmented_images.npz
    python -m cnn_blog.train predict runs/mnist/model.keras my_digit.png

What changed since 2019 (Keras 3): ``keras.optimizers.Adam()`` (not ``adam()``),
``keras.utils.to_categorical`` (not ``np_utils``), a ``.npz`` dataset with named arrays (not a pickled
``.npy``), ``keras.Input`` for the input shape, ``model.save("….keras")`` (not ``.h5``), pixels
divided by 255 (the series divided by 256, which leaves white a little below 1).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # keep TensorFlow's C++ start-up notes off stderr

from cnn_blog._native_logs import native_notes_dropped  # noqa: E402

from cnn_blog._extras import needs  # noqa: E402

with needs("keras", "cnn_blog.train"), native_notes_dropped():  # the notes TF_CPP_MIN_LOG_LEVEL does not silence
    import tensorflow  # noqa: E402, F401  (Keras's backend, loaded here so its notes can be dropped)

# --8<-- [start:imports]
import keras
from keras import layers
import numpy as np
# --8<-- [end:imports]

import argparse
import json
import sys
import time
from pathlib import Path

from cnn_blog.data import (
    DEFAULT_ANGLES,
    DataError,
    augment,
    load_dataset,
    load_image_folder,
    load_mnist_5k,
    load_validation,
    read_image,
    replace_atomically,
    save_dataset,
    split_dataset,
)

# --8<-- [start:constants]
labels = ["dogs", "cats", "monkeys", "birds", "fish", "lizards"]
total_num = len(labels)
image_size = 100

batch_size = 32
epochs = 100
# --8<-- [end:constants]

SERIES_IMAGE_SIZE = image_size  # the photos' size when no other is asked for
MNIST_LABELS = [str(digit) for digit in range(10)]


def feature_side(side: int) -> int:
    """The height (or width) the series' model has left after its two Conv2D-Conv2D-MaxPool blocks.

    Each block: Conv2D 'same' keeps the size, Conv2D 3x3 'valid' takes 2 off, MaxPooling2D 2x2
    halves it (rounding down). 100 -> 98 -> 49 -> 47 -> 23. Returns 0 when nothing is left.
    """
    for _ in range(2):
        side = (side - 2) // 2  # Conv2D 'same': side; Conv2D 'valid': side - 2; MaxPool: halved
        if side < 1:
            return 0
    return side


#: The smallest image the series' model accepts: 10 -> 8 -> 4 -> 2 -> 1 (9 -> 7 -> 3 -> 1 -> 0).
MIN_IMAGE_SIZE = next(side for side in range(1, 64) if feature_side(side) >= 1)


def set_seed(seed: int) -> None:
    """Same seed, same run: Python, NumPy and Keras random numbers, and TensorFlow's ops made deterministic."""
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


# --8<-- [start:main]
def main(data="mnist", out="data", epochs=epochs, batch_size=batch_size, image_size=None, seed=0,
         validation_split=0.1):
    """Load the data, train the model, evaluate it on the test images; write the results to ``out``.

    ``data``: "mnist" (the bundled 5,000 digits), a folder with one subfolder per label, or a
    ``.npz`` dataset file. Writes ``out/model.keras``, ``out/history.json`` (loss and accuracy per
    epoch) and ``out/evaluation.json`` (test loss and accuracy, labels, settings, seconds per epoch).
    Returns ``(model, evaluation)``.
    """
    set_seed(seed)
    x_train, x_test, y_train, y_test, labels = load_data(data, image_size=image_size, seed=seed,
                                                         validation_split=validation_split)
    total_num = len(labels)
    y_train = keras.utils.to_categorical(y_train, total_num)
    y_test = keras.utils.to_categorical(y_test, total_num)
    # a dataset file from `augment` keeps its validation photos apart (split off before augmenting)
    validation = load_validation_data(data, total_num)  # (x_val, y_val) or None

    timer = EpochTimer()
    model = model_train(x_train, y_train, epochs=epochs, batch_size=batch_size, out=out,
                        validation_split=validation_split, validation_data=validation,
                        callbacks=[timer])
    scores = model_eval(model, x_test, y_test)

    evaluation = {
        "test_loss": float(scores[0]),
        "test_accuracy": float(scores[1]),
        "labels": labels,
        "data": str(data),
        "input_shape": list(x_train.shape[1:]),
        "train_images": len(x_train),  # validation_split's share included
        "validation_images": len(validation[0]) if validation else None,  # kept apart in the file
        "test_images": len(x_test),
        "epochs": epochs,
        "batch_size": batch_size,
        "validation_split": validation_split,
        "seed": seed,
        "parameters": model.count_params(),
        "epoch_seconds": timer.seconds,
    }
    save_json(Path(out) / "evaluation.json", evaluation)
    return model, evaluation
# --8<-- [end:main]


def build_model(input_shape, total_num):
    """The series' model: two Conv2D-Conv2D-MaxPool-Dropout blocks, then Dense(512) and softmax.

    ``input_shape`` (height, width, channels), e.g. (100, 100, 3) for the series' photos;
    ``total_num`` classes. On (100, 100, 3) and 6 classes: 17,403,430 parameters, and Flatten
    hands 23 x 23 x 64 = 33,856 numbers to Dense(512).
    """
    # --8<-- [start:model]
    model = keras.Sequential()
    model.add(keras.Input(shape=input_shape))
    model.add(layers.Conv2D(32, (3, 3), padding="same"))
    model.add(layers.Activation("relu"))
    model.add(layers.Conv2D(32, (3, 3)))
    model.add(layers.Activation("relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Dropout(0.25))

    model.add(layers.Conv2D(64, (3, 3), padding="same"))
    model.add(layers.Activation("relu"))
    model.add(layers.Conv2D(64, (3, 3)))
    model.add(layers.Activation("relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Dropout(0.25))

    model.add(layers.Flatten())
    model.add(layers.Dense(512))
    model.add(layers.Activation("relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(total_num))
    model.add(layers.Activation("softmax"))
    # --8<-- [end:model]
    return model


# --8<-- [start:model_train]
def model_train(X, y, epochs=epochs, batch_size=batch_size, out="data", validation_split=0.0,
                validation_data=None, callbacks=(), verbose=1):
    """Build, compile and fit the series' model on images X (n, h, w, c) and one-hot labels y (n, classes).

    Validation on ``validation_data`` (x_val, y_val) if given, else on the last ``validation_split``
    of X and y (Keras takes the last ones, before shuffling). Saves ``out/model.keras`` and
    ``out/history.json`` (nothing is saved when ``out`` is None). ``verbose=1`` shows Keras's
    progress bar. Returns the trained model.
    """
    # --8<-- [start:build]
    model = build_model(X.shape[1:], y.shape[1])
    # --8<-- [end:build]

    # --8<-- [start:compile]
    opt = keras.optimizers.Adam()

    model.compile(loss="categorical_crossentropy",
                  optimizer=opt,
                  metrics=["accuracy"])
    # --8<-- [end:compile]

    # --8<-- [start:fit]
    history = model.fit(X, y, batch_size=batch_size, epochs=epochs, validation_split=validation_split,
                        validation_data=validation_data, callbacks=list(callbacks), verbose=verbose)
    # --8<-- [end:fit]

    if out is not None:
        # --8<-- [start:save]
        save_model(model, Path(out) / "model.keras")
        save_json(Path(out) / "history.json", history.history)
        # --8<-- [end:save]

    return model
# --8<-- [end:model_train]


# --8<-- [start:model_eval]
def model_eval(model, X, y, verbose=1):
    """Test loss and accuracy of ``model`` on images X and one-hot labels y; printed and returned."""
    scores = model.evaluate(X, y, verbose=verbose)
    print("Test Loss", scores[0])
    print("Test Accuracy", scores[1])
    return scores
# --8<-- [end:model_eval]


def build_mnist_model(input_shape=(28, 28, 1), num_classes=10):
    """The MNIST model of the Keras usage article (seed 002), compiled as that article compiles it.

    Conv2D(16, 'same') + ReLU, MaxPool, Conv2D(128) + ReLU, Conv2D(256) + ReLU, MaxPool,
    Dropout(0.5), Flatten, Dense(128) + ReLU, Dropout(0.25), Dense(10) + softmax; all kernels 3x3.
    On (28, 28, 1): 28 -> 28 -> 14 -> 12 -> 10 -> 5, Flatten 5 x 5 x 256 = 6,400; 1,134,506 parameters.
    """
    # --8<-- [start:mnist_model]
    model = keras.Sequential()
    model.add(keras.Input(shape=input_shape))
    model.add(layers.Conv2D(16, (3, 3), padding="same", activation="relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Conv2D(128, (3, 3), activation="relu"))
    model.add(layers.Conv2D(256, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Dropout(0.5))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(0.25))
    model.add(layers.Dense(num_classes, activation="softmax"))

    model.compile(loss="categorical_crossentropy",
                  optimizer=keras.optimizers.Adam(),
                  metrics=["accuracy"])
    # --8<-- [end:mnist_model]
    return model


class EpochTimer(keras.callbacks.Callback):
    """Seconds each epoch took (training and, if any, validation), in ``seconds``."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


# ---------------------------------------------------------------- data, saving, predicting


def load_data(data="mnist", image_size=None, seed=0, test_size=0.2, validation_split=0.0):
    """The images and labels ``main`` trains on, pixels scaled to [0, 1].

    ``data``: "mnist" (28 x 28 x 1; ``image_size`` must be None or 28), a folder with one
    subfolder per label (photos resized to ``image_size``, 100 when None, then split stratified
    with ``seed``), or a ``.npz`` dataset file (``image_size``, if given, must match it).
    ``validation_split``: checked to leave at least one image on both sides of ``fit``'s split.
    Returns ``(x_train, x_test, y_train, y_test, labels)``: float32 (n, h, w, c), int (n,), list of str.
    Raises ``DataError`` with a one-line message for anything it cannot use.
    """
    if image_size is not None and image_size < MIN_IMAGE_SIZE:
        raise DataError(f"image size {image_size} is too small: the model's two poolings need at least "
                        f"{MIN_IMAGE_SIZE} x {MIN_IMAGE_SIZE} pixels")
    if str(data) == "mnist":
        if image_size not in (None, 28):
            raise DataError(f"MNIST-5k images are 28 x 28: image size must be 28 or left out, got {image_size}")
        x_train, x_test, y_train, y_test = load_mnist_5k(test_size=test_size, seed=seed)
        return x_train, x_test, y_train, y_test, list(MNIST_LABELS)

    path = Path(data)
    if path.is_dir():
        x, y, names = load_image_folder(path, image_size=image_size or SERIES_IMAGE_SIZE)
        x_train, x_test, y_train, y_test = split_dataset(x, y, test_size=test_size, seed=seed)
    elif path.is_file() and path.suffix == ".npz":
        x_train, x_test, y_train, y_test, names = load_dataset(path)
    elif path.exists():
        raise DataError("data must be 'mnist', a folder with one subfolder per label or a .npz dataset file, "
                        f"got {path}")
    else:
        raise DataError(f"no such folder or dataset file: {path}")

    height, width = x_train.shape[1:3]
    if image_size is not None and (height, width) != (image_size, image_size):
        raise DataError(f"{path} holds {height} x {width} images, not the image size {image_size} asked for")
    if min(height, width) < MIN_IMAGE_SIZE:
        raise DataError(f"{path} holds {height} x {width} images: the model's two poolings need at least "
                        f"{MIN_IMAGE_SIZE} x {MIN_IMAGE_SIZE} pixels")
    kept = int(len(x_train) * (1 - validation_split))  # Keras trains on the first `kept` images
    own_validation = path.is_file() and load_validation(path) is not None  # then validation_split is unused
    if validation_split and not own_validation and not 0 < kept < len(x_train):
        raise DataError(f"{path} has {len(x_train)} training images: too few to keep a validation share of "
                        f"{validation_split} aside")
    return to_unit(x_train, path), to_unit(x_test, path), y_train, y_test, names


def load_validation_data(data, total_num):
    """The validation photos of a dataset file, ready for ``fit``: ``(x_val, y_val one-hot)``, or None.

    Only a ``.npz`` file written by ``make_dataset`` (the ``augment`` command) has them: its training
    photos were augmented, so ``validation_split`` would keep rotated copies of training photos
    aside (the last images of a shuffled set) and validate on near-copies of what it trains on.
    """
    path = Path(data)
    if str(data) == "mnist" or not (path.is_file() and path.suffix == ".npz"):
        return None
    validation = load_validation(path)
    if validation is None:
        return None
    x_val, y_val = validation
    return to_unit(x_val, path), keras.utils.to_categorical(y_val, total_num)


def to_unit(x, source="images"):
    """Pixels as float32 in [0, 1]: uint8 0-255 divided by 255, floats checked to lie in [0, 1]."""
    if x.dtype == np.uint8:
        return x.astype("float32") / 255
    x = x.astype("float32")
    if x.size and (np.nanmin(x) < 0 or np.nanmax(x) > 1 or np.isnan(x).any()):
        raise DataError(f"{source}: float pixels must lie in [0, 1] (or store uint8 0-255)")
    return x


def save_model(model, path):
    """Write ``model`` to ``path`` (a ``.keras`` file) atomically.

    Keras writes into a temporary file in the same folder; only a complete file is renamed onto
    ``path`` (``os.replace``, atomic within one folder). A crash or Ctrl-C during the save leaves
    the previous model as it was and removes the temporary file.
    """
    path = Path(path)
    if path.suffix != ".keras":
        raise DataError(f"a model file must end in .keras, got {path}")
    replace_atomically(path, model.save, by_name=True)  # Keras wants a name ending in .keras
    return path


def save_json(path, obj):
    """Write ``obj`` as indented JSON to ``path`` atomically (temporary file, then ``os.replace``)."""
    text = json.dumps(_plain(obj), indent=2, ensure_ascii=False) + "\n"
    replace_atomically(Path(path), lambda file: file.write(text.encode("utf-8")))
    return Path(path)


def _plain(obj):
    """NumPy numbers and arrays inside ``obj`` as plain Python, for JSON."""
    if isinstance(obj, dict):
        return {str(key): _plain(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple, np.ndarray)):
        return [_plain(value) for value in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def load_model(path):
    """A model saved by ``save_model``; ``DataError`` naming the path if it is missing or not a model."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"no such model file: {path}")
    if path.suffix != ".keras":
        raise DataError(f"a model file must end in .keras, got {path}")
    try:
        return keras.saving.load_model(path)
    except Exception as error:  # Keras raises ValueError, OSError, zipfile errors, … for a bad file
        raise DataError(f"not a readable Keras model file: {path}") from error


def predict(model, image_path, labels=None, top=3):
    """Classify one image file; returns the ``top`` classes as ``[(label, probability), …]``, best first.

    ``model``: a Keras model or the path of a ``.keras`` file. The image is read the way the
    training images were (RGB or gray to match the model, resized to its input, pixels / 255).
    ``labels``: the class names; when None, those in ``evaluation.json`` beside the model file,
    else the class numbers.
    """
    if not isinstance(model, keras.Model):
        model_path = Path(model)
        model = load_model(model_path)
        if labels is None:
            labels = labels_beside(model_path)
    height, width, channels = model.input_shape[1:]
    x = read_image(image_path, (height, width), channels=channels)[np.newaxis]  # (h, w, c) -> (1, h, w, c)
    probabilities = model.predict(to_unit(x), verbose=0)[0]  # (1, classes) -> (classes,)
    if labels is None:
        labels = [str(index) for index in range(len(probabilities))]
    if len(labels) != len(probabilities):
        raise DataError(f"{len(labels)} labels given for a model with {len(probabilities)} classes: {labels}")
    best = np.argsort(probabilities)[::-1][:top]
    return [(labels[index], float(probabilities[index])) for index in best]


def labels_beside(model_path):
    """The labels in ``evaluation.json`` next to a model file, or None."""
    try:
        return json.loads((Path(model_path).parent / "evaluation.json").read_text())["labels"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def make_dataset(folder, out, image_size=image_size, test_size=0.2, seed=0, angles=DEFAULT_ANGLES, flip=True,
                 validation_size=0.1):
    """The series' data step: photos in ``folder`` -> split -> training photos augmented -> ``out`` (.npz).

    The splits come first: test photos (``test_size`` of all), then validation photos
    (``validation_size`` of the rest), both stratified; only the remaining training photos are
    rotated and flipped, so no view of a test or validation photo is ever trained on. The
    validation photos are stored as they are (``x_val``, ``y_val``); ``main`` validates on them.
    ``validation_size=0`` keeps none. Returns a dict of counts for the summary line.
    """
    if not 0 <= validation_size < 1:
        raise DataError(f"validation size must be at least 0 and below 1, got {validation_size!r}")
    x, y, names = load_image_folder(folder, image_size=image_size)
    x_train, x_test, y_train, y_test = split_dataset(x, y, test_size=test_size, seed=seed)
    validation = {}
    if validation_size:
        try:
            x_train, x_val, y_train, y_val = split_dataset(x_train, y_train, test_size=validation_size, seed=seed)
        except DataError as error:
            raise DataError(f"too few training photos for a validation size of {validation_size}: {error} "
                            "(--validation-size 0 keeps none)") from None
        validation = {"x_val": x_val, "y_val": y_val}
    x_aug, y_aug = augment(x_train, y_train, angles=angles, flip=flip, seed=seed)
    save_dataset(out, x_aug, x_test, y_aug, y_test, names, **validation)
    return {"photos": len(x), "train_photos": len(x_train), "train_images": len(x_aug),
            "validation_photos": len(validation.get("x_val", ())), "test_images": len(x_test), "labels": names}


# ---------------------------------------------------------------- command line

PROG = "python -m cnn_blog.train"
COMMANDS = ("train", "predict", "augment")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line (no usage block), exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _int_at_least(low):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value
    return parse


def _image_size(text):
    value = _int_at_least(1)(text)
    if value < MIN_IMAGE_SIZE:
        raise argparse.ArgumentTypeError(
            f"{value} is too small: the model's two poolings need at least {MIN_IMAGE_SIZE} x {MIN_IMAGE_SIZE} pixels"
        )
    return value


def _fraction(low_open, high_open):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        low_ok = value > 0 if low_open else value >= 0
        high_ok = value < 1 if high_open else value <= 1
        if not (low_ok and high_ok):
            low, high = "(0" if low_open else "[0", "1)" if high_open else "1]"
            raise argparse.ArgumentTypeError(f"must lie in {low}, {high}, got {text}")
        return value
    return parse


def _angles(text):
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected degrees separated by commas, got {text!r}") from None
    if not values:
        raise argparse.ArgumentTypeError("give at least one angle")
    return values


def _labels(text):
    names = [part.strip() for part in text.split(",") if part.strip()]
    if len(names) < 2:
        raise argparse.ArgumentTypeError(f"give at least 2 labels separated by commas, got {text!r}")
    return names


def parser():
    """The command line: ``train`` (the default), ``predict`` and ``augment``."""
    top = _Parser(prog=PROG, description="The series' CNN training script for Keras 3 (imp_ver_cf10cnn.py).",
                  allow_abbrev=False)
    commands = top.add_subparsers(dest="command", metavar="{train,predict,augment}")

    train = commands.add_parser(
        "train", allow_abbrev=False,
        help="train the series' model and write model, history and evaluation (the default command)")
    train.add_argument("--data", default="mnist",
                       help="'mnist' (the bundled 5,000 digits, default), a folder with one subfolder per label, "
                            "or a .npz dataset file")
    train.add_argument("--epochs", type=_int_at_least(1), default=epochs, help=f"default {epochs}")
    train.add_argument("--batch-size", type=_int_at_least(1), default=batch_size, help=f"default {batch_size}")
    train.add_argument("--image-size", type=_image_size, default=None,
                       help=f"photo folders: resize to this many pixels squared (default {image_size}); "
                            f"at least {MIN_IMAGE_SIZE}")
    train.add_argument("--seed", type=_int_at_least(0), default=0, help="same seed, same run (default 0)")
    train.add_argument("--validation-split", type=_fraction(False, True), default=0.1,
                       help="share of the training images kept aside to validate each epoch (default 0.1; "
                            "a dataset file from 'augment' brings its own validation photos instead)")
    train.add_argument("--out", default="data", help="folder for model.keras, history.json, evaluation.json")

    predict_ = commands.add_parser(
        "predict", allow_abbrev=False, help="classify an image file with a saved .keras model")
    predict_.add_argument("model", help="a .keras file written by 'train'")
    predict_.add_argument("image", help="an image file (resized to the model's input)")
    predict_.add_argument("--top", type=_int_at_least(1), default=3, help="how many classes to print (default 3)")
    predict_.add_argument("--labels", type=_labels, default=None,
                          help="class names separated by commas (default: from evaluation.json beside the model)")

    augment_ = commands.add_parser(
        "augment", allow_abbrev=False,
        help="photos folder -> split -> rotated and flipped training photos -> .npz dataset file")
    augment_.add_argument("--data", required=True, help="a folder with one subfolder per label")
    augment_.add_argument("--out", default="data/augmented_images.npz", help="the .npz file to write")
    augment_.add_argument("--image-size", type=_image_size, default=image_size, help=f"default {image_size}")
    augment_.add_argument("--test-size", type=_fraction(True, True), default=0.2, help="default 0.2")
    augment_.add_argument("--validation-size", type=_fraction(False, True), default=0.1,
                          help="share of the training photos kept apart, not augmented, to validate on "
                               "(default 0.1; 0 keeps none)")
    augment_.add_argument("--seed", type=_int_at_least(0), default=0, help="split and shuffle seed (default 0)")
    augment_.add_argument("--angles", type=_angles, default=list(DEFAULT_ANGLES),
                          help="rotation angles in degrees, e.g. --angles=-20,-10,0,10,20 "
                               f"(default {','.join(map(str, DEFAULT_ANGLES))})")
    augment_.add_argument("--no-flip", dest="flip", action="store_false", help="no mirrored copies")
    return top


def cli(argv=None):
    """Run the command line; returns the exit status (0, or 1 with a one-line error on stderr)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "train")  # `python -m cnn_blog.train --epochs 5` trains
    args = parser().parse_args(argv)
    try:
        if args.command == "train":
            out = Path(args.out)
            if out.exists() and not out.is_dir():
                raise DataError(f"--out must be a folder, got a file: {out}")
            _, evaluation = main(data=args.data, out=out, epochs=args.epochs, batch_size=args.batch_size,
                                 image_size=args.image_size, seed=args.seed, validation_split=args.validation_split)
            print(f"wrote {out / 'model.keras'}, {out / 'history.json'}, {out / 'evaluation.json'}")
        elif args.command == "predict":
            for label, probability in predict(args.model, args.image, labels=args.labels, top=args.top):
                print(f"{label}\t{probability:.4f}")
        elif args.command == "augment":
            if Path(args.out).suffix != ".npz":
                raise DataError(f"--out must be a .npz file, got {args.out}")
            counts = make_dataset(args.data, args.out, image_size=args.image_size, test_size=args.test_size,
                                  seed=args.seed, angles=args.angles, flip=args.flip,
                                  validation_size=args.validation_size)
            views = len(args.angles) * (2 if args.flip else 1)
            print(f"wrote {args.out}: {counts['train_images']} training images ({counts['train_photos']} photos x "
                  f"{views} views), {counts['validation_photos']} validation photos, "
                  f"{counts['test_images']} test photos, labels {', '.join(counts['labels'])}")
    except DataError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted (the files already written are complete)", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(cli())
