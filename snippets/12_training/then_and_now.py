"""The 2019 script's lines that changed, tried on the libraries this site is built with."""

import json

# --8<-- [start:checks]
import io
import logging
import tempfile
import warnings

from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np
from keras import layers


def said(error):
    """An exception's type and its first sentence."""
    return f"{type(error).__name__}: {str(error).split('. ')[0]}"


print("keras", keras.__version__, "/ numpy", np.__version__)

# 1. opt = keras.optimizers.adam()
print("keras.optimizers.adam exists:", hasattr(keras.optimizers, "adam"))
rate = float(keras.optimizers.Adam().learning_rate)
print("keras.optimizers.Adam() learning rate:", f"{rate:g}")

# 2. from keras.utils import np_utils; np_utils.to_categorical(...)
try:
    from keras.utils import np_utils  # noqa: F401
except ImportError as error:
    print("from keras.utils import np_utils:", type(error).__name__)
onehot = keras.utils.to_categorical([0, 2], 3)
print("keras.utils.to_categorical([0, 2], 3):", onehot.tolist())

# 3. np.save / np.load of the tuple (X_train, X_test, y_train, y_test)
x_train = np.zeros((4, 100, 100, 3), np.uint8)  # 4 photos
x_test = np.zeros((2, 100, 100, 3), np.uint8)  # 2 photos
y_train, y_test = np.array([0, 1, 2, 3]), np.array([4, 5])
try:
    np.save(io.BytesIO(), (x_train, x_test, y_train, y_test))
except ValueError as error:
    print("np.save of the tuple:", said(error))
pickled = np.empty(4, dtype=object)  # what NumPy made of the tuple in 2019
pickled[:] = [x_train, x_test, y_train, y_test]
file = io.BytesIO()
np.save(file, pickled, allow_pickle=True)
file.seek(0)
try:
    np.load(file)
except ValueError as error:
    print("np.load of the pickled tuple:", said(error))
file = io.BytesIO()
np.savez(file, x_train=x_train, x_test=x_test, y_train=y_train, y_test=y_test)
file.seek(0)
print("np.load of an .npz:", np.load(file).files)

# 4. Conv2D(32, (3, 3), padding='same', input_shape=X.shape[1:])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    conv = layers.Conv2D(32, (3, 3), padding="same",
                         input_shape=(100, 100, 3))
    model = keras.Sequential([conv])
print("input_shape= on Conv2D:", caught[0].category.__name__)
print("  ", str(caught[0].message).split(". ")[0])

# 5. model.save("data/creatures_cnn.h5")
notes = []  # Keras writes its note through the "absl" logger
catcher = logging.Handler()
catcher.emit = lambda record: notes.append(record.getMessage())
absl = logging.getLogger("absl")
absl.addHandler(catcher)
absl.propagate = False  # caught here, not also printed to stderr
with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    model.save(f"{folder}/creatures_cnn.h5")
absl.removeHandler(catcher)
absl.propagate = True
legacy = [part for part in notes[0].split(". ") if "legacy" in part]
print("model.save('….h5'):", *legacy)

# 6. X_train.astype("float") / 256
print("white pixel 255 / 256 =", 255 / 256, "; 255 / 255 =", 255 / 255)
# --8<-- [end:checks]

with open("then_and_now.values.json", "w") as fh:
    json.dump({"keras_version": keras.__version__, "numpy_version": np.__version__,
               "white_256": repr(255 / 256)}, fh)
