"""Where the series' 17.4 million parameters live: counted by Keras on the real model."""

import json

# --8<-- [start:parameters]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras

from cnn_blog.demos.flatten_dense import layer_call
from cnn_blog.train import build_model

model = build_model((100, 100, 3), 6)
total = model.count_params()
for layer in model.layers:
    if layer.count_params() > 0:  # Activation, MaxPooling2D, Dropout and Flatten have none
        print(f"{layer_call(layer):36s}{layer.count_params():>12,}  {layer.count_params() / total:7.2%}")
print(f"{'all layers':36s}{total:>12,}")

dense512 = next(layer for layer in model.layers if isinstance(layer, keras.layers.Dense))
n_in, units = dense512.kernel.shape  # (33856, 512)
print(f"Dense(512): {n_in:,} x {units} weights + {units} biases = {n_in * units + units:,}")
# --8<-- [end:parameters]

dense6 = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][-1]
with open("parameter_counts.values.json", "w") as fh:
    json.dump({
        "total": f"{total:,}",
        "dense512": f"{dense512.count_params():,}",
        # One wording per language: Japanese counts in 万 (10,000), English in millions.
        "dense512_rounded": {"ja": f"{dense512.count_params() / 1e4:,.0f} 万",
                             "en": f"{dense512.count_params() / 1e6:.1f} million"},
        "dense512_share": f"{dense512.count_params() / total:.1%}",
        "others": f"{total - dense512.count_params():,}",
        "dense6": f"{dense6.count_params():,}",
        "weights": f"{n_in * units:,}",
    }, fh, ensure_ascii=False)
