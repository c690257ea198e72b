"""The sizes MaxPooling2D((2, 2)) gives in the series' model: halved, rounding down."""

import json

# --8<-- [start:sizes]
import numpy as np

from cnn_blog.layers import MaxPooling2D

pool = MaxPooling2D(pool_size=(2, 2))
for shape in [(98, 98, 32), (47, 47, 64)]:  # what reaches the series' two MaxPooling2D layers
    pooled = pool.compute_output_shape(shape)
    print(f"{shape} -> {pooled}: {np.prod(shape):,} numbers -> {np.prod(pooled):,}")
# --8<-- [end:sizes]

# The sizes the prose quotes, followed through the series' layers from its 100 x 100 x 3 photos.
from cnn_blog.layers import Conv2D

series = (Conv2D(32, 3, padding="same"), Conv2D(32, 3), MaxPooling2D(2),
          Conv2D(64, 3, padding="same"), Conv2D(64, 3), MaxPooling2D(2))
shapes, shape = [], (100, 100, 3)
for layer in series:
    shapes.append((shape, layer.compute_output_shape(shape)))
    shape = shapes[-1][1]
(first_in, first_out), (second_in, second_out) = shapes[2], shapes[5]  # the two MaxPooling2D

# The same layers without the two MaxPooling2D: what Flatten would hand to Dense(512).
unpooled = (100, 100, 3)
for layer in (layer for layer in series if not isinstance(layer, MaxPooling2D)):
    unpooled = layer.compute_output_shape(unpooled)
flat_with, flat_without = int(np.prod(second_out)), int(np.prod(unpooled))
with open("pool_sizes.values.json", "w") as fh:
    json.dump({
        "first_in": first_in[0], "first_out": first_out[0],
        "second_in": second_in[0], "second_out": second_out[0],
        "numbers_in": f"{int(np.prod(first_in)):,}", "numbers_out": f"{int(np.prod(first_out)):,}",
        "ratio": int(np.prod(first_in)) // int(np.prod(first_out)),
        "flat_with": f"{flat_with:,}", "flat_without": f"{flat_without:,}",
        "dense_with": f"{(flat_with + 1) * 512:,}", "dense_without": f"{(flat_without + 1) * 512:,}",
        "times": f"{flat_without / flat_with:.0f}",
    }, fh)
