"""Two Conv2D without an activation between them are one Conv2D with a larger filter (NumPy only)."""

import json

# --8<-- [start:collapse]
import numpy as np

from cnn_blog.layers import Conv2D

rng = np.random.default_rng(0)
k1, k2 = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))  # two 3 x 3 filters
b1, b2 = 0.5, -0.2
first, second = Conv2D(1, (3, 3)), Conv2D(1, (3, 3))
first.set_weights([k1.reshape(3, 3, 1, 1), np.array([b1])])
second.set_weights([k2.reshape(3, 3, 1, 1), np.array([b2])])

k5 = np.zeros((5, 5))  # the one filter they make together: every way to reach an input pixel in two steps
for a in range(3):
    for b in range(3):
        k5[a : a + 3, b : b + 3] += k1 * k2[a, b]
one = Conv2D(1, (5, 5))
one.set_weights([k5.reshape(5, 5, 1, 1), np.array([b1 * k2.sum() + b2])])

x = rng.normal(size=(1, 10, 10, 1))
two_layers = second.forward(first.forward(x))  # (1, 6, 6, 1)
print("two 3x3 Conv2D:", two_layers.shape, " one 5x5 Conv2D:", one.forward(x).shape)
print("largest difference:", f"{np.abs(two_layers - one.forward(x)).max():.1e}")
# --8<-- [end:collapse]

with open("collapse.values.json", "w") as fh:
    json.dump({"difference": f"{np.abs(two_layers - one.forward(x)).max():.1e}"}, fh)
