"""Dropout in NumPy: a new random mask at every training step, nothing at inference."""

import json

# --8<-- [start:training]
import numpy as np

from cnn_blog.layers import Dropout

np.set_printoptions(precision=2)
x = np.arange(1.0, 13.0).reshape(3, 4)  # 12 inputs: 1, 2, ..., 12
dropout = Dropout(0.25, rng=np.random.default_rng(0))  # seeded: the same masks on every run
dropped = []
for step in (1, 2):
    out = dropout.forward(x, training=True)  # a new mask at every call
    dropped.append(int(np.sum(out == 0)))
    print(f"training step {step}: {dropped[-1]} of {x.size} set to 0")
    print(out)
# --8<-- [end:training]

# --8<-- [start:inference]
out = dropout.forward(x, training=False)  # inference: nothing is dropped, nothing is scaled
print("inference:")
print(out)
print("output == x:", np.array_equal(out, x))
# --8<-- [end:inference]

# Numbers the page quotes in its prose (read by the site build).
with open("dropout_numpy.values.json", "w") as fh:
    json.dump({"step1_dropped": dropped[0], "step2_dropped": dropped[1], "size": x.size,
               "scale": f"{1 / (1 - 0.25):.4g}", "scaled_12": f"{12 / (1 - 0.25):.0f}"}, fh)
