"""ReLU forward and backward in NumPy, with the layer from cnn_blog."""

import json

# --8<-- [start:forward]
import numpy as np

from cnn_blog.layers import ReLU

x = np.array([[-2.0, -0.5, 0.0],
              [0.5, 1.0, 3.0]])
relu = ReLU()
out = relu.forward(x)  # max(0, x), element by element
print("x =\n", x)
print("relu.forward(x) =\n", out)
# --8<-- [end:forward]

# --8<-- [start:backward]
dout = np.ones_like(x)  # pretend the loss grows by 1 per unit of each output
dx = relu.backward(dout)  # the gradient passes where x > 0 and stops elsewhere
print("relu.backward(ones) =\n", dx)
# --8<-- [end:backward]

# Numbers the page quotes in its prose (read by the site build): where the gradient stops and where it passes.
with open("relu_numpy.values.json", "w") as fh:
    json.dump({"stopped": int((dx == 0).sum()), "passed": int((dx == 1).sum())}, fh)
