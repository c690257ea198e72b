"""The filter on one window of a 5x5 image: multiply cell by cell, then add everything up."""

import json

# --8<-- [start:one_position]
from cnn_blog.demos.conv2d import SMALL_IMAGE, SMALL_KERNEL

x = SMALL_IMAGE  # (5, 5): a bright vertical bar on a dark ground
kernel = SMALL_KERNEL  # (3, 3): right column minus left column
row, col = 1, 0  # the window's top-left corner
window = x[row : row + 3, col : col + 3]  # (3, 3): the pixels under the filter
products = window * kernel  # multiply cell by cell
print("window =\n", window)
print("window * kernel =\n", products)
print("sum =", products.sum())
# --8<-- [end:one_position]

# Numbers the page quotes in its prose (read by the site build).
with open("one_position.values.json", "w") as fh:
    json.dump({"window_sum": int(products.sum()), "row": row, "col": col}, fh)
