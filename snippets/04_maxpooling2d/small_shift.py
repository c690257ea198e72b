"""Why pooling helps, on the photo: the maps of the photo and of the photo moved by one pixel grow alike."""

import json

# --8<-- [start:photo]
import numpy as np

from cnn_blog import data
from cnn_blog.demos.relu import relu_feature_map
from cnn_blog.layers import MaxPooling2D

pool = MaxPooling2D(pool_size=(2, 2))


def pooled(fmap, times):
    """``fmap`` (h, w) after ``times`` MaxPooling2D((2, 2))."""
    for _ in range(times):
        fmap = pool.forward(fmap[np.newaxis, :, :, np.newaxis])[0, :, :, 0]  # (h, w) -> (h // 2, w // 2)
    return fmap


photo = data.chelsea_gray()  # (150, 225)
_, _, left = relu_feature_map(photo[:, 1:])  # part 3's map (Conv2D edge filter + ReLU)
_, _, right = relu_feature_map(photo[:, :-1])  # ... of the photo moved one pixel to the right
correlation = {}
for times in (0, 1, 2):
    p, q = pooled(left, times), pooled(right, times)
    correlation[times] = np.corrcoef(p.ravel(), q.ravel())[0, 1]  # 1.0: the very same pattern
    print(f"pooled {times}x: {p.shape}, correlation with the shifted photo's map {correlation[times]:.2f}")
# --8<-- [end:photo]

with open("small_shift.values.json", "w") as fh:
    json.dump({f"correlation_{times}": f"{value:.2f}" for times, value in correlation.items()}, fh)
