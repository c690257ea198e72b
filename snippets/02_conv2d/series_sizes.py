"""The output sizes of the series' first block: Conv2D 'same' keeps 100 x 100, Conv2D 'valid' gives 98 x 98."""

import json

# --8<-- [start:sizes]
from cnn_blog.layers import Conv2D

side, k = 100, 3  # the series' photos are 100 x 100 x 3; the filters are 3 x 3
first = Conv2D(32, (k, k), padding="same")  # model.add(layers.Conv2D(32, (3, 3), padding="same"))
second = Conv2D(32, (k, k))  # model.add(layers.Conv2D(32, (3, 3))): padding="valid"
shape1 = first.compute_output_shape((side, side, 3))
shape2 = second.compute_output_shape(shape1)
print("input                 ", (side, side, 3))
print("Conv2D 32, 'same'  -> ", shape1)
print("Conv2D 32, 'valid' -> ", shape2)
print("'valid' by the formula: side - k + 1 =", shape1[0] - k + 1)
# --8<-- [end:sizes]

with open("series_sizes.values.json", "w") as fh:
    json.dump({
        "series_side": side,
        "after_same": shape1[0],
        "after_valid": shape2[0],
        "filters": shape2[2],
    }, fh)
