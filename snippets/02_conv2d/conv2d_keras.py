"""The NumPy Conv2D against keras.layers.Conv2D on a real photo, as the series' first two layers."""

import json

# --8<-- [start:keras]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.demos.dataset import chelsea_photo
from cnn_blog.layers import Conv2D
from cnn_blog.train import set_seed

set_seed(0)  # the same random filters, and deterministic TensorFlow ops, on every run

# The cat photo read as the series read its photos: 100 x 100 pixels, RGB, scaled to [0, 1].
photo = chelsea_photo(100)  # (100, 100, 3) uint8
x = (photo / 255).astype("float32")[np.newaxis]  # (100, 100, 3) -> (1, 100, 100, 3)

k_first = keras.layers.Conv2D(32, (3, 3), padding="same")  # random filters, as before training
k_second = keras.layers.Conv2D(32, (3, 3))
y1 = keras.ops.convert_to_numpy(k_first(x))  # (1, 100, 100, 32)
y2 = keras.ops.convert_to_numpy(k_second(y1))  # (1, 98, 98, 32)

first = Conv2D(32, (3, 3), padding="same")
first.set_weights(k_first.get_weights())  # the same kernel (3, 3, 3, 32) and bias (32,)
second = Conv2D(32, (3, 3))
second.set_weights(k_second.get_weights())  # kernel (3, 3, 32, 32), bias (32,)
z1 = first.forward(x)
z2 = second.forward(z1)

print("Keras:", x.shape, "->", y1.shape, "->", y2.shape)
print("NumPy:", x.shape, "->", z1.shape, "->", z2.shape)
print(f"largest difference: {np.abs(z2 - y2).max():.1e}")
print("agree:", np.allclose(z1, y1, atol=1e-5) and np.allclose(z2, y2, atol=1e-5))
# --8<-- [end:keras]

with open("conv2d_keras.values.json", "w") as fh:
    json.dump({"max_difference": f"{np.abs(z2 - y2).max():.1e}"}, fh)
