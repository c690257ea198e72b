"""Subtracting the largest score first: the same probabilities, and exp never overflows."""

import json

# --8<-- [start:shifted]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

from cnn_blog.layers import Softmax

scores = np.array([1010.0, 1000.0, 990.0])
shifted = scores - scores.max()  # the largest score becomes 0, the others negative
print("scores - max  :", shifted)
print("exp(shifted)  :", np.exp(shifted))  # every value in [0, 1]: no overflow possible
print("Softmax       :", Softmax().forward(scores))  # cnn_blog subtracts the max for us
print("Softmax(scores - 1000):", Softmax().forward(scores - 1000))  # any constant: same answer
# --8<-- [end:shifted]

# --8<-- [start:float32]
import keras  # for Keras's softmax (tf.nn.softmax underneath) in the last line
import numpy as np

from cnn_blog.layers import Softmax

largest64 = np.log(np.finfo(np.float64).max)  # the largest x whose exp(x) is still a float64
largest32 = np.log(np.finfo(np.float32).max)  # the same for float32, which Keras computes in
print(f"exp overflows above x = {largest64:.2f} (float64), x = {largest32:.2f} (float32)")
scores32 = np.array([100.0, 90.0, 80.0], dtype=np.float32)
with np.errstate(over="ignore", invalid="ignore"):
    print("naive, float32  :", np.exp(scores32) / np.exp(scores32).sum())
print("Softmax, float32:", Softmax().forward(scores32))
print("Keras, float32  :", keras.ops.convert_to_numpy(keras.layers.Activation("softmax")(scores32[None]))[0])
# --8<-- [end:float32]

# Numbers the page quotes in its prose (read by the site build).
with open("softmax_max_shift.values.json", "w") as fh:
    json.dump({"limit64": f"{largest64:.2f}", "limit32": f"{largest32:.2f}"}, fh)
