"""The computations of part 4, MaxPooling2D (``docs/04-maxpooling2d.*.md``).

The small map the page pools by hand (``SMALL_MAP``, pooled by ``small_example``) and part 3's
feature map of the cat photo pooled again and again (``pooled_feature_maps``), so the pages follow one
picture through the layers. NumPy only: importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from cnn_blog.demos.relu import relu_feature_map
from cnn_blog.layers import MaxPooling2D

# --8<-- [start:small]
# A small feature map after ReLU (no negative numbers), 4 x 4: four 2 x 2 blocks.
SMALL_MAP = np.array(
    [
        [0, 3, 1, 0],
        [2, 5, 0, 4],
        [1, 0, 2, 2],
        [7, 1, 3, 0],
    ],
    dtype=np.float64,
)
# --8<-- [end:small]


def small_example() -> tuple[np.ndarray, np.ndarray]:
    """``SMALL_MAP`` (4, 4) and ``MaxPooling2D(pool_size=(2, 2))`` of it (2, 2)."""
    x = SMALL_MAP.reshape(1, 4, 4, 1)  # (h, w) -> (n=1, h, w, c=1)
    out = MaxPooling2D(pool_size=(2, 2)).forward(x)  # (1, 2, 2, 1)
    return SMALL_MAP, out[0, :, :, 0]


# --8<-- [start:pooled_feature_maps]
def pooled_feature_maps(times: int = 2, relu_map=None) -> list[np.ndarray]:
    """A feature map after ReLU, then after 1, 2, ... ``times`` MaxPooling2D((2, 2)).

    relu_map: (h, w), by default part 3's map of the cat photo (``relu_feature_map``: Conv2D with a
    vertical-edge filter, then ReLU). Returns ``times + 1`` maps: (h, w), (h // 2, w // 2), ...
    """
    if relu_map is None:
        _, _, relu_map = relu_feature_map()  # (148, 223), every value >= 0
    relu_map = np.asarray(relu_map)
    if relu_map.ndim != 2:
        raise ValueError(f"relu_map must be one (h, w) feature map, got shape {relu_map.shape}")
    if times < 0:
        raise ValueError(f"times must be 0 or more, got {times}")
    maps = [relu_map]
    pool = MaxPooling2D(pool_size=(2, 2))
    for _ in range(times):
        x = maps[-1][np.newaxis, :, :, np.newaxis]  # (h, w) -> (1, h, w, 1)
        maps.append(pool.forward(x)[0, :, :, 0])  # (1, h // 2, w // 2, 1) -> (h // 2, w // 2)
    return maps
# --8<-- [end:pooled_feature_maps]
