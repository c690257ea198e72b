"""Locality and weight sharing, counted: from a 28 x 28 image to 26 x 26 x 8 numbers, three ways. NumPy only."""

import json

# --8<-- [start:count]
from cnn_blog.layers import Conv2D, Dense

h_out, w_out, filters = 26, 26, 8  # what Conv2D(8, (3, 3)) makes of a 28 x 28 image
outputs = h_out * w_out * filters  # 5,408 numbers

dense = Dense(outputs)
dense.build((28 * 28,))  # every output connected to all 784 pixels
dense_params = sum(w.size for w in dense.trainable_weights)

local_params = outputs * (3 * 3 + 1)  # locality only: each output its own 3 x 3 weights and bias

conv = Conv2D(filters, (3, 3))
conv.build((28, 28, 1))  # locality and weight sharing: 8 filters, used at every position
conv_params = sum(w.size for w in conv.trainable_weights)

print(f"Dense, every pixel to every output:      {dense_params:>10,}")
print(f"3 x 3 windows, own weights per position: {local_params:>10,}")
print(f"Conv2D, 3 x 3 windows, weights shared:   {conv_params:>10,}")
# --8<-- [end:count]

with open("parameters.values.json", "w") as fh:
    json.dump({"outputs": f"{outputs:,}", "dense": f"{dense_params:,}", "local": f"{local_params:,}",
               "conv": f"{conv_params:,}", "positions": f"{h_out * w_out:,}",
               "dense_over_local": f"{dense_params / local_params:g}",
               "local_over_conv": f"{local_params / conv_params:.0f}"}, fh)
