"""Flatten in NumPy next to keras.layers.Flatten, on a small 3 x 3 x 2 stack of feature maps."""

# --8<-- [start:flatten]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.layers import Flatten

x = np.arange(1.0, 19.0).reshape(1, 3, 3, 2)  # (n=1, h=3, w=3, c=2): the numbers 1 to 18
print("channel 0:\n", x[0, :, :, 0])
print("channel 1:\n", x[0, :, :, 1])
row = Flatten().forward(x)  # (1, 3, 3, 2) -> (1, 18)
print("Flatten().forward(x), shape", row.shape)
print(row)
keras_row = keras.ops.convert_to_numpy(keras.layers.Flatten()(x))
print("same as keras.layers.Flatten():", np.array_equal(row, keras_row))
# --8<-- [end:flatten]
