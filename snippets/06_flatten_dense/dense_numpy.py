"""Dense in NumPy next to keras.layers.Dense, with the same weights: x @ W + b."""

import json

# --8<-- [start:numpy]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

from cnn_blog.layers import Dense

x = np.array([[1.0, 0.0, 2.0, 3.0]])  # one example with 4 inputs: (1, 4)
W = np.array([[0.5, -1.0, 0.0],
              [2.0, 1.0, -0.5],
              [-1.0, 0.5, 1.0],
              [0.0, 2.0, 0.5]])  # one column of weights per unit: (4 inputs, 3 units)
b = np.array([0.1, -0.2, 0.3])  # one bias per unit: (3,)
dense = Dense(3)
dense.set_weights([W, b])
out = dense.forward(x)  # x @ W + b: (1, 4) @ (4, 3) + (3,) -> (1, 3)
print("Dense(3).forward(x) =", out)
terms = " + ".join(f"{xi:g}×({wi:g})" for xi, wi in zip(x[0], W[:, 0]))
print(f"unit 0 by hand: {terms} + {b[0]:g} = {sum(x[0] * W[:, 0]) + b[0]:g}")
# --8<-- [end:numpy]

# --8<-- [start:keras]
import keras

keras_dense = keras.layers.Dense(3)
keras_dense.build((None, 4))  # creates a kernel (4, 3) and a bias (3,)
keras_dense.set_weights([W, b])  # the same weights as the NumPy layer
keras_out = keras.ops.convert_to_numpy(keras_dense(x))
print("keras.layers.Dense(3)(x) =", keras_out)
print("same (float32 rounding aside):", np.allclose(out, keras_out))
print(f"parameters: {W.shape[0]} x {W.shape[1]} + {b.size} = {W.size + b.size}, Keras counts",
      keras_dense.count_params())
# --8<-- [end:keras]

with open("dense_numpy.values.json", "w") as fh:
    json.dump({"unit0": f"{out[0, 0]:g}"}, fh)
