"""The answers to the page's exercises, computed (run it after making your prediction). NumPy only."""

import json

# --8<-- [start:answers]
import numpy as np

from cnn_blog.layers import Dense
from cnn_blog.numpy_model import series_model

# 1. Dense(10) instead of Dense(512) on the (1, 23, 23, 64) feature map, on the last axis as Keras does.
fmap = np.random.default_rng(0).normal(size=(1, 23, 23, 64)).astype("float32")
dense = Dense(10)
dense.build(fmap.shape[-1:])  # kernel (64, 10), bias (10,)
out = fmap @ dense.kernel + dense.bias  # what keras.layers.Dense(10) computes on any rank
params = dense.kernel.size + dense.bias.size
print("1.", fmap.shape, "->", out.shape, "| kernel", dense.kernel.shape, "+ bias", dense.bias.shape, "=", params, "parameters")

# 2. x = np.zeros((1, 4)) into dense_numpy.py's Dense(3): the output is the bias alone.
W = np.array([[0.5, -1.0, 0.0], [2.0, 1.0, -0.5], [-1.0, 0.5, 1.0], [0.0, 2.0, 0.5]])
b = np.array([0.1, -0.2, 0.3])
small = Dense(3)
small.set_weights([W, b])
print("2. zeros in:", small.forward(np.zeros((1, 4))), "| b:", b)

# 3. The model for 64 x 64 photos: the side after every layer that changes it, up to Flatten.
rows = series_model((64, 64, 3), 6).summary()  # (layer name, output shape, parameters)
i = [name for name, _, _ in rows].index("Flatten")
sides = [64]
for _, shape, _ in rows[:i]:
    if shape[1] != sides[-1]:
        sides.append(shape[1])
into_flatten = rows[i - 1][1][1:]  # (height, width, channels)
print("3.", " -> ".join(map(str, sides)), "| into Flatten:", into_flatten)
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"dense10_shape": str(out.shape), "dense10_in": dense.kernel.shape[0], "dense10_units": dense.kernel.shape[1],
               "dense10_bias": dense.bias.size, "dense10_params": params,
               "sides_64": " → ".join(map(str, sides)), "flatten_64": " × ".join(map(str, into_flatten))}, fh)
