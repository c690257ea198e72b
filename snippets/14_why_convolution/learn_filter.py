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
# --8<-- [end:pairs]

# --8<-- [start:learn]
kernel, bias, losses = learn_kernel(x, y, steps=100, learning_rate=0.1)  # starts from random weights
for step in (0, 10, 50, 100):
    print(f"step {step:>3}: loss {losses[step]:.1e}")
print("learned filter:")
print(np.round(kernel, 3) + 0.0)  # + 0.0 turns -0.0 into 0.0
error = np.abs(kernel - EDGE_KERNEL).max()
print(f"largest difference from the edge filter: {error:.0e}, bias: {abs(bias):.0e}")
# --8<-- [end:learn]

with open("learn_filter.values.json", "w") as fh:
    json.dump({"images": len(x), "side": x.shape[1], "steps": len(losses) - 1, "error": f"{error:.0e}",
               "first_loss": f"{losses[0]:.1f}", "last_loss": f"{losses[-1]:.0e}", "learning_rate": 0.1}, fh)
