"""Four edge filters in one Conv2D: four filters give four feature maps of the cat photo."""

import json

# --8<-- [start:edges]
from cnn_blog.demos.conv2d import EDGE_FILTERS, edge_feature_maps

image, kernel, maps = edge_feature_maps()  # Conv2D(4, (3, 3)) with the four filters as its kernel
print("photo:", image.shape, " kernel:", kernel.shape, " feature maps:", maps.shape)
for k, name in enumerate(EDGE_FILTERS):
    fmap = maps[:, :, k]  # (h - 2, w - 2): what filter k answers at every position
    print(f"{name:<10}  min {fmap.min():6.3f}  max {fmap.max():6.3f}")
# --8<-- [end:edges]

with open("edge_filters.values.json", "w") as fh:
    json.dump({
        "filters": maps.shape[2],
        "photo_h": image.shape[0], "photo_w": image.shape[1],
        "map_h": maps.shape[0], "map_w": maps.shape[1],
    }, fh)
