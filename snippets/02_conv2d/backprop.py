"""Backpropagation through Conv2D on the 5x5 example: what backward receives and returns, and a numerical check."""

import json

# --8<-- [start:shapes]
import numpy as np

from cnn_blog.demos.conv2d import SMALL_IMAGE, SMALL_KERNEL
from cnn_blog.layers import Conv2D

x = SMALL_IMAGE.reshape(1, 5, 5, 1).astype(float)  # (n, h, w, c_in)
conv = Conv2D(1, (3, 3))  # padding="valid"
conv.set_weights([SMALL_KERNEL.reshape(3, 3, 1, 1).astype(float), np.zeros(1)])
out = conv.forward(x)  # (1, 3, 3, 1)

# A made-up loss: L = sum(out * g). Its gradient with respect to out is g itself.
g = np.random.default_rng(0).normal(size=out.shape)  # dL/dout, the shape of out
dx = conv.backward(g)  # dL/dx: the shape of x; also fills conv.dkernel and conv.dbias
print("x", x.shape, "-> forward -> out", out.shape)
print("dout", g.shape, "-> backward -> dx", dx.shape, " dkernel", conv.dkernel.shape, " dbias", conv.dbias.shape)
# --8<-- [end:shapes]

# --8<-- [start:check]
def loss(x_try):
    return np.sum(conv.forward(x_try) * g)


h = 1e-5  # nudge one input pixel up and down
row, col = 2, 2
x_up, x_down = x.copy(), x.copy()
x_up[0, row, col, 0] += h
x_down[0, row, col, 0] -= h
numerical = (loss(x_up) - loss(x_down)) / (2 * h)  # central difference
# The chain rule by hand: every output whose window covers the pixel passes back g times the weight it used.
by_hand = sum(g[0, y, x0, 0] * SMALL_KERNEL[row - y, col - x0]
              for y in range(3) for x0 in range(3) if 0 <= row - y < 3 and 0 <= col - x0 < 3)
print(f"dL/dx at ({row}, {col}): backward {dx[0, row, col, 0]:.6f}, numerical {numerical:.6f}, chain rule {by_hand:.6f}")
# --8<-- [end:check]

with open("backprop.values.json", "w") as fh:
    json.dump({"backward": f"{dx[0, row, col, 0]:.6f}", "numerical": f"{numerical:.6f}", "row": row, "col": col}, fh)
