"""'same' versus 'valid': zeros around the image, and the output sizes of the series' first block."""

import json

import numpy as np

from cnn_blog.figures.conv2d import SMALL_IMAGE, SMALL_KERNEL
from cnn_blog.layers import Conv2D

x4 = SMALL_IMAGE.reshape(1, 5, 5, 1)  # (h, w) -> (n, h, w, c_in)
k4 = SMALL_KERNEL.reshape(3, 3, 1, 1)  # (kh, kw) -> (kh, kw, c_in, filters)

# --8<-- [start:same]
padded = np.pad(SMALL_IMAGE, 1)  # one ring of zeros: (5, 5) -> (7, 7)
print("zero padding:", SMALL_IMAGE.shape, "->", padded.shape)
same = Conv2D(1, (3, 3), padding="same")
same.set_weights([k4, np.zeros(1)])
out_same = same.forward(x4)  # (1, 5, 5, 1) -> (1, 5, 5, 1)
print("padding='same' ->", out_same.shape)
print(out_same[0, :, :, 0])
# --8<-- [end:same]

# --8<-- [start:sizes]
side, k = 100, 3  # the series' photos are 100 x 100 x 3; the filters are 3 x 3
first = Conv2D(32, (k, k), padding="same")  # model.add(layers.Conv2D(32, (3, 3), padding="same"))
second = Conv2D(32, (k, k))  # model.add(layers.Conv2D(32, (3, 3))): padding="valid"
shape1 = first.compute_output_shape((side, side, 3))
shape2 = second.compute_output_shape(shape1)
print("input                 ", (side, side, 3))
print("Conv2D 32, 'same'  -> ", shape1)
print("Conv2D 32, 'valid' -> ", shape2)
print("'valid' by the formula: side - k + 1 =", shape1[0] - k + 1)
# --8<-- [end:sizes]

with open("padding.values.json", "w") as fh:
    json.dump({
        "padded_side": padded.shape[0],
        "same_side": out_same.shape[1],
        "edge_right": f"{out_same[0, 1, 4, 0]:g}",
        "series_side": side,
        "after_same": shape1[0],
        "after_valid": shape2[0],
        "filters": shape2[2],
    }, fh)
