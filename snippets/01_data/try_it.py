"""The answers to the page's exercises, computed (run it after making your prediction). No Keras needed."""

import json

# --8<-- [start:answers]
import numpy as np

from cnn_blog.data import augment, load_mnist_5k

# 1. one_hot.py with y = [5, 1] and total_num = 6 (the six animals): np.eye(total_num)[y] is to_categorical.
print("1.\n", np.eye(6, dtype=int)[[5, 1]])

# 2. bundled_data.py with load_mnist_5k(test_size=0.5): how many images per digit on each side?
x_train, x_test, y_train, y_test = load_mnist_5k(test_size=0.5)
print("2. training per digit:", np.bincount(y_train), " test per digit:", np.bincount(y_test))

# 3. augment on 10 photos with 3 angles, each view also mirrored.
photos = np.zeros((10, 100, 100, 3), dtype=np.uint8)
x_aug, y_aug = augment(photos, np.arange(10) % 2, angles=(-10, 0, 10))
print("3.", photos.shape, "->", x_aug.shape)
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"train_per_digit": int(np.bincount(y_train)[0]), "test_per_digit": int(np.bincount(y_test)[0]),
               "augmented": len(x_aug)}, fh)
