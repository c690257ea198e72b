"""The page's exercise 4: the loop for padding="same" with a stride, written by hand and checked against
conv2d_naive and keras.layers.Conv2D."""

import json

# --8<-- [start:answer]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.demos.conv2d import SMALL_KERNEL
from cnn_blog.layers import conv2d_naive


def conv_same(image, kernel, sh, sw):
    """One gray image (h, w), one filter (kh, kw), padding="same", strides (sh, sw) -> (output, padded image)."""
    h, w = image.shape
    kh, kw = kernel.shape
    h_out, w_out = -(-h // sh), -(-w // sw)  # ceil(h / sh), ceil(w / sw)
    pad_h = max((h_out - 1) * sh + kh - h, 0)  # rows of zeros in all
    pad_w = max((w_out - 1) * sw + kw - w, 0)  # columns of zeros in all
    top, left = pad_h // 2, pad_w // 2  # half, rounded down, above and left; the rest below and right
    padded = np.pad(image, ((top, pad_h - top), (left, pad_w - left)))
    out = np.zeros((h_out, w_out), dtype=np.result_type(image, kernel))
    for y in range(h_out):
        for x0 in range(w_out):
            # each window starts sh rows below / sw columns right of the last
            window = padded[y * sh : y * sh + kh, x0 * sw : x0 * sw + kw]
            out[y, x0] = np.sum(window * kernel)
    return out, padded


image = np.arange(1, 31).reshape(6, 5)  # 6 x 5, cells numbered 1 to 30
sh, sw = 2, 2
mine, padded = conv_same(image, SMALL_KERNEL, sh, sw)
print(f"strides ({sh}, {sw}), padding='same': {image.shape} -> {mine.shape}")
print("padded image:")
print(padded)
print("output:")
print(mine)
x4, k4 = image.reshape(1, 6, 5, 1), SMALL_KERNEL.reshape(3, 3, 1, 1)
naive = conv2d_naive(x4, k4, np.zeros(1), strides=(sh, sw), padding="same")[0, :, :, 0]
print("same as conv2d_naive:", np.array_equal(mine, naive))
layer = keras.layers.Conv2D(1, (3, 3), strides=(sh, sw), padding="same", use_bias=False)
layer.build(x4.shape)
layer.set_weights([k4.astype("float32")])
theirs = keras.ops.convert_to_numpy(layer(x4.astype("float32")))[0, :, :, 0]
print("same as keras.layers.Conv2D (1e-4):", np.abs(mine - theirs).max() < 1e-4)
# --8<-- [end:answer]

rows = np.flatnonzero(padded.any(axis=1) == 0)  # the rows of zeros: where they went
cols = np.flatnonzero(padded.any(axis=0) == 0)
top, left = int((rows < 3).sum()), int((cols < 3).sum())
with open("write_stride.values.json", "w") as fh:
    json.dump({"sh": sh, "sw": sw, "h_out": mine.shape[0], "w_out": mine.shape[1],
               "h_span": (mine.shape[0] - 1) * sh + 3, "w_span": (mine.shape[1] - 1) * sw + 3,
               "pad_h": len(rows), "pad_w": len(cols), "top": top, "bottom": len(rows) - top,
               "left": left, "right": len(cols) - left}, fh)
