"""Keras 3's Dense takes any rank and works on the last axis; our NumPy Dense takes (n, features) only."""

import json

# --8<-- [start:keras]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

fmap = np.random.default_rng(0).normal(size=(1, 23, 23, 64)).astype("float32")  # (n, h, w, c)
keras_dense = keras.layers.Dense(512)
out = keras.ops.convert_to_numpy(keras_dense(fmap))  # no Flatten in front
print(f"keras Dense({keras_dense.units}):", fmap.shape, "->", out.shape)
print("kernel:", tuple(keras_dense.kernel.shape), "+ bias:", tuple(keras_dense.bias.shape), "=", f"{keras_dense.count_params():,}", "parameters")
kernel, bias = keras_dense.get_weights()  # (64, units), (units,) as NumPy arrays
print("position (0, 0) only sees its own 64 values:",
      np.allclose(out[0, 0, 0], fmap[0, 0, 0] @ kernel + bias, atol=1e-5))
# --8<-- [end:keras]

# --8<-- [start:numpy]
from cnn_blog.layers import Dense

numpy_dense = Dense(keras_dense.units)  # as many units as the Keras layer
numpy_dense.set_weights([kernel, bias])
try:
    numpy_dense.forward(fmap)
except ValueError as error:
    print("cnn_blog Dense:", error)
# --8<-- [end:numpy]

with open("dense_any_rank.values.json", "w") as fh:
    json.dump({"out_shape": "×".join(str(n) for n in out.shape[1:]), "params": f"{keras_dense.count_params():,}",
               "flat_params": f"{(23 * 23 * 64) * keras_dense.units + keras_dense.units:,}"}, fh)
