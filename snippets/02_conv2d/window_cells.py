"""The cell (i, j) of every window at once, as one strided slice, and the forward pass as a sum of kh x kw such slices."""

import json

# --8<-- [start:cells]
import numpy as np

from cnn_blog.layers import _window_cells, _window_padding

x = np.arange(1, 26).reshape(1, 5, 5, 1)  # (n, h, w, c_in): cells numbered 1 to 25, to see which are taken
strides = (2, 2)
(pad_h, pad_w), out_hw = _window_padding((5, 5), (3, 3), strides, "same", "kernel_size")
xp = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))  # zeros around: (1, 5, 5, 1) -> (1, 7, 7, 1)
print("padding", (pad_h, pad_w), "-> padded input", xp.shape[1:3], "-> output", out_hw)
print(xp[0, :, :, 0])
for i, j in [(0, 0), (1, 1)]:
    cells = _window_cells(i, j, out_hw, strides)  # (every image, rows, columns, every channel)
    rows, cols = cells[1], cells[2]
    print(f"cell ({i}, {j}) of every window: rows {rows.start}:{rows.stop}:{rows.step},"
          f" columns {cols.start}:{cols.stop}:{cols.step}")
    print(xp[cells][0, :, :, 0])  # (1, 3, 3, 1): one number per window
# --8<-- [end:cells]

# --8<-- [start:forward]
from cnn_blog.demos.conv2d import SMALL_KERNEL
from cnn_blog.layers import conv2d_naive

kernel = SMALL_KERNEL.reshape(3, 3, 1, 1)  # (kh, kw, c_in, filters)
out = np.zeros((1, *out_hw, 1))  # (n, h_out, w_out, filters)
for i in range(3):
    for j in range(3):
        # cell (i, j) of every window times weight (i, j): (1, 3, 3, c_in) @ (c_in, filters) -> (1, 3, 3, filters)
        out += xp[_window_cells(i, j, out_hw, strides)] @ kernel[i, j]
print(f"sum of {kernel.shape[0] * kernel.shape[1]} slices:")
print(out[0, :, :, 0])
naive = conv2d_naive(x, kernel, np.zeros(1), strides, "same")
print("the same as conv2d_naive:", np.array_equal(out, naive))
# --8<-- [end:forward]


def span(s: slice) -> str:
    return f"{s.start}:{s.stop}:{s.step}"


cell00, cell11 = _window_cells(0, 0, out_hw, strides), _window_cells(1, 1, out_hw, strides)
centres = [str(v) for v in xp[cell11][0, 0, :, 0]]  # the window centres of the first output row
rows00 = [str(r) for r in range(xp.shape[1])[cell00[1]]]  # the padded rows the slice of cell (0, 0) takes
with open("window_cells.values.json", "w") as fh:
    json.dump({
        "padded_side": xp.shape[1],
        "out_side": out_hw[0],
        "windows": out_hw[0] * out_hw[1],
        "cell00_rows": span(cell00[1]),
        "cell11_rows": span(cell11[1]),
        "cell00_stop": cell00[1].stop,
        "cell00_row_list": {"ja": "、".join(rows00), "en": ", ".join(rows00[:-1]) + " and " + rows00[-1]},
        "stride": strides[0],
        "centres": {"ja": "、".join(centres), "en": ", ".join(centres)},
        "slices": kernel.shape[0] * kernel.shape[1],
    }, fh)
