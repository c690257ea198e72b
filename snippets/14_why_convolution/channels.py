"""A 3-channel input and 2 filters: Conv2D by hand, with the sum over channels written out, and keras.layers.Conv2D."""

import json

# --8<-- [start:data]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

rng = np.random.default_rng(5)
x = rng.integers(-2, 3, size=(4, 4, 3)).astype(np.float32)  # one 4 x 4 image with 3 channels (h, w, c_in)
kernel = rng.integers(-1, 2, size=(3, 3, 3, 2)).astype(np.float32)  # (kh, kw, c_in, filters): 2 filters
bias = np.array([0.5, -1.0], dtype=np.float32)  # one per filter
for c in range(3):
    print(f"x, channel {c}: {x[:, :, c].astype(int).tolist()}")
for c in range(3):
    print(f"filter 0, channel {c}: {kernel[:, :, c, 0].astype(int).tolist()}")
# --8<-- [end:data]

# --8<-- [start:by_hand]
out = np.zeros((2, 2, 2), dtype=np.float32)  # (h_out, w_out, filters)
for y in range(2):  # every output row
    for x0 in range(2):  # every output column
        for k in range(2):  # every filter
            total = bias[k]
            for c in range(3):  # every input channel, with its own 3 x 3 slice of filter k
                total += np.sum(x[y : y + 3, x0 : x0 + 3, c] * kernel[:, :, c, k])
            out[y, x0, k] = total
per_channel = [np.sum(x[0:3, 0:3, c] * kernel[:, :, c, 0]) for c in range(3)]  # out[0, 0, 0], channel by channel
print(" + ".join(f"({p:g})" for p in per_channel) + f" + {bias[0]:g} = {out[0, 0, 0]:g}")
print("feature map 0:", out[:, :, 0].tolist())
print("feature map 1:", out[:, :, 1].tolist())
# --8<-- [end:by_hand]

# --8<-- [start:keras]
import keras

layer = keras.layers.Conv2D(2, (3, 3))
layer.build((None, 4, 4, 3))
layer.set_weights([kernel, bias])  # the same filters and biases
out_keras = keras.ops.convert_to_numpy(layer(x[np.newaxis]))[0]  # (1, 4, 4, 3) -> (1, 2, 2, 2) -> (2, 2, 2)
print("Keras:", out_keras.shape, " largest difference from the loops:", np.abs(out_keras - out).max())
print("parameters:", layer.count_params())
# --8<-- [end:keras]

parts = [f"{p:g}" for p in per_channel]
with open("channels.values.json", "w") as fh:
    json.dump({"out_000": f"{out[0, 0, 0]:g}", "bias0": f"{bias[0]:g}", "gap": f"{np.abs(out_keras - out).max():g}",
               "params": layer.count_params(), "weights": kernel.size,
               "parts": {"ja": "、".join(parts), "en": ", ".join(parts[:-1]) + " and " + parts[-1]}}, fh)
