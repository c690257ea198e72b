"""What ReLU does to a real feature map: how much of it becomes zero."""

import json

# --8<-- [start:feature_map]
import numpy as np

from cnn_blog.demos.relu import relu_feature_map

image, fmap, relu_map = relu_feature_map()  # photo -> Conv2D (edge filter) -> ReLU
negative = np.mean(fmap < 0)  # share of the map ReLU sets to zero
print("feature map shape:", fmap.shape)
print(f"min {fmap.min():.3f}, max {fmap.max():.3f}")
print(f"negative values set to 0 by ReLU: {negative:.1%}")
print(f"after ReLU: min {relu_map.min():.3f}, max {relu_map.max():.3f}")
# --8<-- [end:feature_map]

# Numbers the page quotes in its prose (read by the site build).
with open("relu_feature_map.values.json", "w") as fh:
    json.dump({"negative_percent": f"{negative:.1%}", "height": fmap.shape[0], "width": fmap.shape[1]}, fh)
