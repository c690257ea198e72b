"""'same' on the 5x5 example: one ring of zeros around the image keeps the output at 5x5."""

import json

# --8<-- [start:same]
import numpy as np

from cnn_blog.demos.conv2d import SMALL_IMAGE, SMALL_KERNEL
from cnn_blog.layers import Conv2D

padded = np.pad(SMALL_IMAGE, 1)  # one ring of zeros: (5, 5) -> (7, 7)
print("zero padding:", SMALL_IMAGE.shape, "->", padded.shape)
x4 = SMALL_IMAGE.reshape(1, 5, 5, 1)  # (h, w) -> (n, h, w, c_in)
k4 = SMALL_KERNEL.reshape(3, 3, 1, 1)  # (kh, kw) -> (kh, kw, c_in, filters)
same = Conv2D(1, (3, 3), padding="same")
same.set_weights([k4, np.zeros(1)])
out_same = same.forward(x4)  # (1, 5, 5, 1) -> (1, 5, 5, 1)
print("padding='same' ->", out_same.shape)
print(out_same[0, :, :, 0])
# --8<-- [end:same]

with open("padding.values.json", "w") as fh:
    json.dump({
        "padded_side": padded.shape[0],
        "same_side": out_same.shape[1],
        "edge_right": f"{out_same[0, 1, 4, 0]:g}",
    }, fh)
