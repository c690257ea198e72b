"""Why the series' dataset file no longer works: a pickled tuple in a .npy file."""

import os
import tempfile

scratch = tempfile.TemporaryDirectory()  # removed when the snippet ends
os.chdir(scratch.name)  # scratch files stay out of the page's outputs

# --8<-- [start:npy]
import numpy as np

x_train = np.zeros((8, 100, 100, 3), dtype=np.uint8)  # stand-ins: 8 training photos,
x_test = np.zeros((2, 100, 100, 3), dtype=np.uint8)  # 2 test photos
y_train, y_test = np.zeros(8, dtype=np.int64), np.zeros(2, dtype=np.int64)
xy = (x_train, x_test, y_train, y_test)

try:
    np.save("augmented_images.npy", xy)  # how the series saved its dataset
except ValueError as error:
    print("np.save:", error)

np.save("augmented_images.npy", np.array(xy, dtype=object))  # what such a file holds: pickled objects
try:
    np.load("augmented_images.npy")
except ValueError as error:
    print("np.load:", error)
# --8<-- [end:npy]
