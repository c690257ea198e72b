"""The 3x3 filter slid over the whole 5x5 image: one output number per position, loop by loop and vectorized."""

import json

# --8<-- [start:naive]
import numpy as np

from cnn_blog.demos.conv2d import SMALL_IMAGE, SMALL_KERNEL
from cnn_blog.layers import Conv2D, conv2d_naive

x4 = SMALL_IMAGE.reshape(1, 5, 5, 1)  # (h, w) -> (n, h, w, c_in): one gray image
k4 = SMALL_KERNEL.reshape(3, 3, 1, 1)  # (kh, kw) -> (kh, kw, c_in, filters): one filter
bias = np.zeros(1)  # (filters,): no bias in this example
out_naive = conv2d_naive(x4, k4, bias)  # padding="valid"
print("conv2d_naive ->", out_naive.shape)
print(out_naive[0, :, :, 0])
# --8<-- [end:naive]

# --8<-- [start:vectorized]
conv = Conv2D(1, (3, 3))  # 1 filter, 3 x 3, padding="valid"
conv.set_weights([k4, bias])
out = conv.forward(x4)  # (1, 5, 5, 1) -> (1, 3, 3, 1)
print("Conv2D.forward ->", out.shape)
print("the same numbers as conv2d_naive:", np.array_equal(out, out_naive))
# --8<-- [end:vectorized]

with open("sliding_window.values.json", "w") as fh:
    json.dump({
        "in_side": x4.shape[1],
        "out_side": out.shape[1],
        "positions": out.shape[1] * out.shape[2],
        "top_right": int(out_naive[0, 0, 2, 0]),
    }, fh)
