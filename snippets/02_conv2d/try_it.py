"""The answers to the page's exercises, computed (run it after making your prediction)."""

import json

# --8<-- [start:answers]
import numpy as np

from cnn_blog.demos.conv2d import SMALL_IMAGE, SMALL_KERNEL
from cnn_blog.layers import Conv2D

# 1. The filter with its sign flipped (left column minus right column).
flipped = Conv2D(1, (3, 3))
flipped.set_weights([-SMALL_KERNEL.reshape(3, 3, 1, 1), np.zeros(1)])
out = flipped.forward(SMALL_IMAGE.reshape(1, 5, 5, 1))[0, :, :, 0]
print("1. flipped filter:\n", out)

# 2. The MNIST digits (28 x 28 x 1) through the first block's two Conv2D.
shape1 = Conv2D(32, (3, 3), padding="same").compute_output_shape((28, 28, 1))
shape2 = Conv2D(32, (3, 3)).compute_output_shape(shape1)
print("2. 28 x 28 x 1 ->", shape1, "->", shape2)

# 3. strides=2 on the series' 100 x 100 photo.
for padding in ("valid", "same"):
    print(f"3. strides=2, padding={padding!r}:", Conv2D(32, (3, 3), strides=2, padding=padding).compute_output_shape((100, 100, 3)))
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"flipped_top_right": f"{out[0, 2]:g}", "flipped_max": f"{out.max():g}",
               "mnist_same": shape1[0], "mnist_valid": shape2[0],
               "stride_valid": Conv2D(32, (3, 3), strides=2).compute_output_shape((100, 100, 3))[0],
               "stride_same": Conv2D(32, (3, 3), strides=2, padding="same").compute_output_shape((100, 100, 3))[0]}, fh)
