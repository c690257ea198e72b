"""Translation equivariance with a stride of 2: the feature map moves with the digit only by whole steps. NumPy only."""

import json

# --8<-- [start:stride]
import numpy as np

from cnn_blog import data
from cnn_blog.demos.why_convolution import equivariance_maps

_, x_test, _, _ = data.load_mnist_5k()
# The same digit and filter as in equivariance.py, now with a stride of 2: the windows start every 2 pixels
gaps = {}
for move in (1, 2):  # pixels to the right
    _, _, fmap, fmap_moved = equivariance_maps(x_test[0, :, :, 0], 0, move, strides=2)  # (13, 13) each
    w = fmap.shape[1]
    for columns in (0, 1):  # compare with the first map moved this many columns to the right
        gaps[move, columns] = np.abs(fmap_moved[:, columns:] - fmap[:, : w - columns]).max()
    print(f"digit moved {move} right: vs the map moved 0 columns {gaps[move, 0]:.3g}, 1 column {gaps[move, 1]:.3g}")
# --8<-- [end:stride]

with open("stride.values.json", "w") as fh:
    json.dump({"side": fmap.shape[0], **{f"moved_{move}_by_{columns}": f"{g:.3g}" for (move, columns), g in gaps.items()}},
              fh)
