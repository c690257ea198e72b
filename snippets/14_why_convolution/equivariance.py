"""Translation equivariance, measured: move a digit, and its feature map moves with it. NumPy only."""

import json

# --8<-- [start:measure]
import numpy as np

from cnn_blog import data
from cnn_blog.demos.why_convolution import equivariance_maps

_, x_test, _, _ = data.load_mnist_5k()
down, right = 2, 3
# One test digit and the digit moved 2 down and 3 right, each through Conv2D with part 2's vertical-edge filter
image, moved, fmap, fmap_moved = equivariance_maps(x_test[0, :, :, 0], down, right)
h, w = fmap.shape  # (26, 26)
gap = np.abs(fmap_moved[down:, right:] - fmap[: h - down, : w - right]).max()  # the first map, moved
print("feature maps:", fmap.shape, fmap_moved.shape)
print(f"map of the moved digit vs the map moved by ({down}, {right}): largest difference {gap}")
print(f"map of the moved digit vs the map not moved: largest difference {np.abs(fmap_moved - fmap).max():.2f}")
# --8<-- [end:measure]

with open("equivariance.values.json", "w") as fh:
    json.dump({"down": down, "right": right, "gap": f"{gap}", "side": h,
               "unmoved_gap": f"{np.abs(fmap_moved - fmap).max():.2f}"}, fh)
