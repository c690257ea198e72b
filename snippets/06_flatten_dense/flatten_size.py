"""How many numbers Flatten hands to Dense(512) in the series' model: read from the model itself."""

import json

# --8<-- [start:size]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog.train import build_model

model = build_model((100, 100, 3), 6)  # the series: 100 x 100 colour photos, 6 labels
kinds = [type(layer).__name__ for layer in model.layers]
i = kinds.index("Flatten")
before, after = model.layers[i - 1].output.shape, model.layers[i].output.shape
print("into Flatten:  ", before)  # (batch, height, width, channels)
print("out of Flatten:", after)  # (batch, features)
h, w, c = before[1:]
print(f"{h} x {w} x {c} = {h * w * c:,}")
# --8<-- [end:size]

with open("flatten_size.values.json", "w") as fh:
    json.dump({"height": h, "width": w, "channels": c, "features": f"{after[1]:,}"}, fh)
