"""The page's exercise 4: average pooling (AveragePooling2D, 2 x 2) written by hand, forward against Keras,
backward against a numerical gradient."""

import json

# --8<-- [start:answer]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.demos.maxpooling2d import SMALL_MAP


def avg_pool_forward(x):
    """x (n, h, w, c) with even h and w -> the mean of every 2 x 2 block: (n, h // 2, w // 2, c)."""
    # rows split as (h // 2 blocks, 2 rows each), columns as (w // 2 blocks, 2 columns each); mean over the 2s
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))


def avg_pool_backward(dout):
    """dout (n, h // 2, w // 2, c) -> dx (n, h, w, c): each block's gradient, shared equally by its 4 cells."""
    return np.repeat(np.repeat(dout, 2, axis=1), 2, axis=2) / 4  # each value copied into its 2 x 2 block


x = SMALL_MAP.reshape(1, 4, 4, 1).astype("float64")  # (n, h, w, c), as MaxPooling2D takes
out = avg_pool_forward(x)
print("forward: the mean of each 2 x 2 block")
print(out[0, :, :, 0])
keras_out = keras.layers.AveragePooling2D(pool_size=(2, 2))(x.astype("float32"))
print("same as Keras (1e-6):", np.abs(out - keras.ops.convert_to_numpy(keras_out)).max() < 1e-6)

g = np.random.default_rng(0).normal(size=out.shape)  # the loss L = sum(out * g), as in part 2: dout = g
dx = avg_pool_backward(g)
numerical = np.zeros_like(x)
eps = 1e-6
for idx in np.ndindex(x.shape):  # nudge each cell's value a little up and down: central difference
    plus, minus = x.copy(), x.copy()
    plus[idx] += eps
    minus[idx] -= eps
    numerical[idx] = (np.sum(avg_pool_forward(plus) * g) - np.sum(avg_pool_forward(minus) * g)) / (2 * eps)
error = np.abs(dx - numerical).max()
print(f"backward: largest difference from the numerical gradient {error:.1e}")
# --8<-- [end:answer]

with open("write_average_pooling.values.json", "w") as fh:
    json.dump({"top_left_mean": f"{out[0, 0, 0, 0]:g}", "max_error": f"{error:.1e}"}, fh)
