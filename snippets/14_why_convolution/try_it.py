"""The answers to the page's exercises, computed (run it after making your prediction). NumPy only."""

import json

# --8<-- [start:answers]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # one thread: the last digits of the sums as on the page

import numpy as np

from cnn_blog.demos.why_convolution import EDGE_KERNEL, learn_kernel
from cnn_blog.layers import Conv2D


# 1. The backward pass with a stride: go through the outputs and hand each one's dout back to the
#    window it was computed from (windows now start every `stride` pixels).
def conv_backward_strided(x, kernel, dout, stride):
    """x (n, h, w, c_in), kernel (kh, kw, c_in, f), dout (n, h_out, w_out, f); 'valid' padding.

    -> dkernel (kh, kw, c_in, f), dx (n, h, w, c_in)
    """
    kh, kw, _, f = kernel.shape
    _, h_out, w_out, _ = dout.shape
    dkernel, dx = np.zeros(kernel.shape), np.zeros(x.shape)
    for y in range(h_out):
        for x0 in range(w_out):
            rows = slice(y * stride, y * stride + kh)  # the window of output (y, x0)
            cols = slice(x0 * stride, x0 * stride + kw)
            for k in range(f):
                g = dout[:, y, x0, k][:, None, None, None]  # (n,) -> (n, 1, 1, 1)
                dkernel[:, :, :, k] += np.sum(g * x[:, rows, cols, :], axis=0)  # (kh, kw, c_in)
                dx[:, rows, cols, :] += g * kernel[:, :, :, k]  # windows overlap: add up
    return dkernel, dx


rng = np.random.default_rng(1)
x = rng.standard_normal((2, 7, 7, 2))
conv = Conv2D(3, (3, 3), strides=2)
conv.build(x.shape[1:], rng=rng, dtype=np.float64)
dout = rng.standard_normal(conv.forward(x).shape)  # (2, 3, 3, 3)
dx = conv.backward(dout)
mine_dkernel, mine_dx = conv_backward_strided(x, conv.kernel, dout, stride=2)
strided_gap = max(np.abs(mine_dkernel - conv.dkernel).max(), np.abs(mine_dx - dx).max())
print(f"1. stride 2, largest difference from Conv2D.backward: {strided_gap:.0e}")

# 2. The series' first layer on 100 x 100 x 3 photos: Conv2D(32, (3, 3), padding="same") against a
#    Dense layer from every pixel to the same 100 x 100 x 32 numbers.
conv_photo = Conv2D(32, (3, 3), padding="same")
conv_photo.build((100, 100, 3))
conv_photo_params = sum(w.size for w in conv_photo.trainable_weights)
dense_photo_params = (100 * 100 * 3 + 1) * (100 * 100 * 32)  # too large to build (38 GB in float32): counted
print(f"2. Conv2D: {conv_photo_params:,} parameters, Dense: {dense_photo_params:,}")

# 3. learn_filter.py with a single 3 x 3 image: one output value for 10 unknowns.
one = np.random.default_rng(0).standard_normal((1, 3, 3, 1))  # drawn as learn_filter.py draws its x
edge = Conv2D(1, (3, 3))
edge.set_weights([EDGE_KERNEL.reshape(3, 3, 1, 1), np.zeros(1)])
kernel, bias, losses = learn_kernel(one, edge.forward(one), steps=100, learning_rate=0.1)
one_error = np.abs(kernel - EDGE_KERNEL).max()
print(f"3. loss {losses[-1]:.0g}, largest difference from the vertical-edge filter {one_error:.2f}")
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"strided_gap": f"{strided_gap:.0e}", "conv_photo": f"{conv_photo_params:,}",
               "dense_photo": f"{dense_photo_params:,}", "one_loss": f"{losses[-1]:.0g}",
               "one_error": f"{one_error:.2f}"}, fh)
