"""The answers to the page's exercises, computed (run it after making your prediction). NumPy only."""

import json

# --8<-- [start:answers]
import math

import numpy as np

from cnn_blog.layers import Conv2D, ReLU
from cnn_blog.numpy_model import series_model

# 1. The gradient ReLU passes back at x = 0 and below.
relu = ReLU()
relu.forward(np.array([-1.0, 0.0, 2.0]))
print("1. backward(ones) at x = -1, 0, 2:", relu.backward(np.ones(3)))

# 2. Photos of 200 x 200 instead of 100 x 100: how many numbers go through ReLU?
for side in (100, 200):
    model = series_model((side, side, 3), 6)
    count = sum(math.prod(shape[1:]) for name, shape, _ in model.summary() if name == "ReLU")
    print(f"2. {side} x {side}: {count:,} numbers through ReLU")

# 3. A ReLU between the two Conv2D of collapse.py: are they still one 5 x 5 Conv2D?
rng = np.random.default_rng(0)
k1, k2 = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
first, second = Conv2D(1, (3, 3)), Conv2D(1, (3, 3))
first.set_weights([k1.reshape(3, 3, 1, 1), np.array([0.5])])
second.set_weights([k2.reshape(3, 3, 1, 1), np.array([-0.2])])
k5 = np.zeros((5, 5))
for a in range(3):
    for b in range(3):
        k5[a : a + 3, b : b + 3] += k1 * k2[a, b]
one = Conv2D(1, (5, 5))
one.set_weights([k5.reshape(5, 5, 1, 1), np.array([0.5 * k2.sum() - 0.2])])
x = rng.normal(size=(1, 10, 10, 1))
with_relu = second.forward(ReLU().forward(first.forward(x)))
difference = np.abs(with_relu - one.forward(x)).max()
print(f"3. with ReLU in between, largest difference: {difference:.2f}")
# --8<-- [end:answers]

counts = {side: sum(math.prod(shape[1:]) for name, shape, _ in series_model((side, side, 3), 6).summary()
                    if name == "ReLU") for side in (100, 200)}
with open("try_it.values.json", "w") as fh:
    json.dump({"count_100": f"{counts[100]:,}", "count_200": f"{counts[200]:,}",
               "ratio": f"{counts[200] / counts[100]:.1f}", "difference": f"{difference:.2f}"}, fh)
