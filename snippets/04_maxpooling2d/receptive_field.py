"""The receptive field: how many pixels of the input one value sees, through the series' first six layers (NumPy only)."""

import json

# --8<-- [start:rule]
from cnn_blog.layers import Conv2D, MaxPooling2D

layers = [("Conv2D 3×3 same", Conv2D(1, 3, padding="same")), ("Conv2D 3×3", Conv2D(1, 3)),
          ("MaxPooling 2×2", MaxPooling2D(2)),
          ("Conv2D 3×3 same", Conv2D(1, 3, padding="same")), ("Conv2D 3×3", Conv2D(1, 3)),
          ("MaxPooling 2×2", MaxPooling2D(2))]
size, step = 1, 1  # one value sees size x size input pixels; neighbouring values are step pixels apart
for name, layer in layers:
    window, stride = (layer.kernel_size, layer.strides) if isinstance(layer, Conv2D) else (layer.pool_size, layer.strides)
    size += (window[0] - 1) * step  # the window reaches window - 1 more neighbours, each step pixels further
    step *= stride[0]
    print(f"after {name:<16} one value sees {size:>2}×{size:<2} input pixels (neighbours {step} apart)")
# --8<-- [end:rule]

# --8<-- [start:check]
import numpy as np

rng = np.random.default_rng(0)
for _, layer in layers:  # positive weights: raising any pixel it sees raises a value
    if isinstance(layer, Conv2D):
        layer.set_weights([rng.uniform(0.1, 1.0, size=(3, 3, 1, 1)), np.zeros(1)])
side = 32
photo = rng.uniform(size=(side, side))
batch = np.repeat(photo[np.newaxis], side * side + 1, axis=0)  # image 0 as it is, image p + 1 with pixel p raised
pixel = np.arange(side * side)
batch[pixel + 1, pixel // side, pixel % side] += 1e6  # large enough to become every maximum it reaches
out = batch[..., np.newaxis]  # (1025, 32, 32, 1)
for _, layer in layers:
    out = layer.forward(out)  # -> (1025, 6, 6, 1)
centre = out[:, 3, 3, 0]  # one value after the second pooling
seen = (centre[1:] != centre[0]).reshape(side, side)  # the pixels that change it
rows, cols = np.nonzero(seen)
print(f"pixels that change one value after the second pooling: {seen.sum()} "
      f"({rows.max() - rows.min() + 1}×{cols.max() - cols.min() + 1})")
# --8<-- [end:check]

with open("receptive_field.values.json", "w") as fh:
    json.dump({"size": size, "step": step, "pixels": int(seen.sum()), "photo_side": 100}, fh)
