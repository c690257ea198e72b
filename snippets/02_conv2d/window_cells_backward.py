"""The backward pass through the same slices: each window's gradient added back onto the cells it read.

With every weight 1 and every output sending back 1, the gradient of a cell counts the windows that read it."""

import json

import numpy as np

from cnn_blog.layers import _window_cells, _window_padding

# The setup of window_cells.py (shown on the page just above this section).
x = np.arange(1, 26).reshape(1, 5, 5, 1)  # (n, h, w, c_in)
strides = (2, 2)
(pad_h, pad_w), out_hw = _window_padding((5, 5), (3, 3), strides, "same", "kernel_size")
xp = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))  # (1, 7, 7, 1)

# --8<-- [start:backward]
from cnn_blog.layers import Conv2D

ones = np.ones((3, 3, 1, 1))  # every weight 1 (kh, kw, c_in, filters) ...
dout = np.ones((1, *out_hw, 1))  # ... and every output sends back 1: dL/dout
dxp = np.zeros(xp.shape)  # (1, 7, 7, 1): the gradient of the padded input
for i in range(3):
    for j in range(3):
        # (1, 3, 3, filters) @ (filters, c_in) -> (1, 3, 3, c_in), added onto cell (i, j) of every window
        dxp[_window_cells(i, j, out_hw, strides)] += dout @ ones[i, j].T
print("windows that read each cell of the padded input:")
print(dxp[0, :, :, 0])

conv = Conv2D(1, (3, 3), strides=2, padding="same")
conv.set_weights([ones, np.zeros(1)])
conv.forward(x)
dx = conv.backward(dout)  # (1, 5, 5, 1): the padding is cut off
top, left = pad_h[0], pad_w[0]
print("Conv2D.backward gives the same, padding cut off:", np.array_equal(dx, dxp[:, top : top + 5, left : left + 5]))
# --8<-- [end:backward]

counts = dxp[0, :, :, 0]
row_counts = counts.min(axis=1)  # windows that read each padded row (column 0 is read by one window only)
shared = [r for r in range(counts.shape[0]) if row_counts[r] > 1]
with open("window_cells_backward.values.json", "w") as fh:
    json.dump({
        "shared_rows": {"ja": " と".join(f"行 {r}" for r in shared), "en": " and ".join(map(str, shared))},
        "most_reads": int(counts.max()),
    }, fh)
