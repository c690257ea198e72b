"""A filter learned by gradient descent from the inputs and outputs of part 2's vertical-edge filter. NumPy only."""

import json

# --8<-- [start:pairs]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # one thread: the last digits of the sums as on the page

import numpy as np

from cnn_blog.demos.why_convolution import EDGE_KERNEL, learn_kernel
from cnn_blog.layers import Conv2D

rng = np.random.default_rng(0)
x = rng.standard_normal((8, 12, 12, 1))  # 8 random images, 12 x 12, 1 channel
edge = Conv2D(1, (3, 3))
edge.set_weights([EDGE_KERNEL.reshape(3, 3, 1, 1), np.zeros(1)])  # the filter we pretend not to know
y = edge.forward(x)  # (8, 10, 10, 1): what a filter should turn x into
# Each output value is one equation: its 3 x 3 window times the 9 weights, plus the bias
windows = np.lib.stride_tricks.sliding_window_view(x[:, :, :, 0], (3, 3), axis=(1, 2))  # (8, 10, 10, 3, 3)
rows = windows.reshape(-1, 9)  # (800, 9): one window per output value
equations = np.column_stack([rows, np.ones(len(rows))])  # (800, 10): a column of 1s for the bias
rank = np.linalg.matrix_rank(equations)
print(f"equations: {equations.shape[0]}, unknowns: {equations.shape[1]}, independent (rank): {rank}")
# --8<-- [end:pairs]

# --8<-- [start:learn]
kernel, bias, losses = learn_kernel(x, y, steps=100, learning_rate=0.1)  # starts from random weights
for step in (0, 10, 50, 100):
    print(f"step {step:>3}: loss {losses[step]:.1e}")
print("learned filter:")
print(np.round(kernel, 3) + 0.0)  # + 0.0 turns -0.0 into 0.0
error = np.abs(kernel - EDGE_KERNEL).max()
print(f"largest difference from the vertical-edge filter: {error:.0e}, bias: {abs(bias):.0e}")
# --8<-- [end:learn]

with open("learn_filter.values.json", "w") as fh:
    json.dump({"images": len(x), "side": x.shape[1], "equations": f"{equations.shape[0]:,}",
               "unknowns": equations.shape[1], "rank": int(rank), "steps": len(losses) - 1, "error": f"{error:.0e}",
               "first_loss": f"{losses[0]:.1f}", "last_loss": f"{losses[-1]:.0e}", "learning_rate": 0.1}, fh)
