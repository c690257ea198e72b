"""Keras's Conv2D does not turn the kernel around: it computes a cross-correlation, as conv2d_naive does."""

import json

# --8<-- [start:keras]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.demos.conv2d import SMALL_IMAGE, SMALL_KERNEL
from cnn_blog.layers import conv2d_naive

x = SMALL_IMAGE.reshape(1, 5, 5, 1).astype("float32")  # (n, h, w, c_in)
kernel = SMALL_KERNEL.reshape(3, 3, 1, 1).astype("float32")  # (kh, kw, c_in, filters)
conv = keras.layers.Conv2D(1, (3, 3), use_bias=False)  # padding="valid"
conv.build(x.shape)
conv.set_weights([kernel])
keras_out = np.asarray(conv(x))[0, :, :, 0]  # (3, 3)
as_is = conv2d_naive(x, kernel, np.zeros(1))[0, :, :, 0]  # window times kernel as it is
turned = conv2d_naive(x, kernel[::-1, ::-1], np.zeros(1))[0, :, :, 0]  # kernel turned by 180 degrees
print("Keras Conv2D:\n", keras_out)
print("equals the kernel as it is (cross-correlation):", np.array_equal(keras_out, as_is))
print("equals the kernel turned 180 degrees (convolution in the textbook sense):", np.array_equal(keras_out, turned))
# --8<-- [end:keras]

with open("cross_correlation.values.json", "w") as fh:
    json.dump({"as_is": bool(np.array_equal(keras_out, as_is)), "turned": bool(np.array_equal(keras_out, turned)),
               "turned_top_right": f"{turned[0, 2]:g}"}, fh)
