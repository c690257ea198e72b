"""The answers to the page's exercises, computed (run it after making your prediction). NumPy only."""

import json

# --8<-- [start:answers]
from cnn_blog.layers import Conv2D, MaxPooling2D

# 1. pool_size=(3, 3) in pool_sizes.py: blocks of 3 x 3, moved by 3.
for shape in [(98, 98, 32), (47, 47, 64)]:
    print("1.", shape, "->", MaxPooling2D(pool_size=(3, 3)).compute_output_shape(shape))

# 2. strides=1: the 2 x 2 blocks overlap.
print("2.", (98, 98, 32), "->", MaxPooling2D(pool_size=(2, 2), strides=1).compute_output_shape((98, 98, 32)))

# 3. receptive_field.py without the two MaxPooling2D: four 3 x 3 Conv2D in a row.
size = 1
for layer in [Conv2D(1, 3, padding="same"), Conv2D(1, 3), Conv2D(1, 3, padding="same"), Conv2D(1, 3)]:
    size += layer.kernel_size[0] - 1  # stride 1 everywhere: neighbours stay 1 pixel apart
print(f"3. without pooling, one value sees {size}×{size} input pixels")
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"pool3_first": MaxPooling2D(3).compute_output_shape((98, 98, 32))[0],
               "pool3_second": MaxPooling2D(3).compute_output_shape((47, 47, 64))[0],
               "stride1": MaxPooling2D(2, strides=1).compute_output_shape((98, 98, 32))[0],
               "no_pool_size": size}, fh)
