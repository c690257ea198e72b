"""2 x 2 max pooling on a 4 x 4 map, loop by loop and vectorized."""

import json

# --8<-- [start:naive]
import numpy as np

from cnn_blog.demos.maxpooling2d import SMALL_MAP
from cnn_blog.layers import MaxPooling2D, maxpooling2d_naive

x = SMALL_MAP.reshape(1, 4, 4, 1)  # (h, w) -> (n, h, w, c): one feature map
out_naive = maxpooling2d_naive(x, pool_size=(2, 2))
print("x =\n", SMALL_MAP)
print("maxpooling2d_naive ->", out_naive.shape)
print(out_naive[0, :, :, 0])
# --8<-- [end:naive]

# --8<-- [start:layer]
pool = MaxPooling2D(pool_size=(2, 2))  # strides=None: the windows sit side by side
out = pool.forward(x)  # (1, 4, 4, 1) -> (1, 2, 2, 1)
print("MaxPooling2D.forward ->", out.shape)
print("the same numbers as maxpooling2d_naive:", np.array_equal(out, out_naive))
# --8<-- [end:layer]

with open("pool_numpy.values.json", "w") as fh:
    json.dump({
        "in_side": x.shape[1], "out_side": out.shape[1],
        "top_left_max": f"{out[0, 0, 0, 0]:g}", "top_right_max": f"{out[0, 0, 1, 0]:g}",
        "bottom_left_max": f"{out[0, 1, 0, 0]:g}", "bottom_right_max": f"{out[0, 1, 1, 0]:g}",
    }, fh)
