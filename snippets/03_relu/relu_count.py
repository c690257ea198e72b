"""How many numbers go through ReLU for one photo in the series' model (NumPy only, no Keras)."""

import json

# --8<-- [start:count]
import math

from cnn_blog.numpy_model import series_model

model = series_model((100, 100, 3), 6)  # the series' model: 100 x 100 colour photos, 6 labels
total = 0
for name, shape, _ in model.summary():  # e.g. ("ReLU", (None, 100, 100, 32), 0)
    if name == "ReLU":
        size = math.prod(shape[1:])  # numbers in this layer's output, for one image
        total += size
        print(f"ReLU {' × '.join(map(str, shape[1:])):<16} {size:>9,}")
print(f"one photo: {total:,} numbers through ReLU")
# --8<-- [end:count]

# Numbers the page quotes in its prose (read by the site build). Japanese counts in 万 (10,000).
with open("relu_count.values.json", "w") as fh:
    json.dump({"total": {"ja": f"約 {total / 1e4:,.0f} 万", "en": f"about {round(total, -4):,}"}}, fh,
              ensure_ascii=False)
