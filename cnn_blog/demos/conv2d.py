"""The computations of part 2, Conv2D (``docs/02-conv2d.*.md``).

The small example the page works by hand (``SMALL_IMAGE`` and ``SMALL_KERNEL``, convolved by
``small_example``) and the four edge filters on the cat photo (``edge_feature_maps``). Every number
comes from ``cnn_blog.layers`` (``Conv2D`` and its loop twin ``conv2d_naive``), never typed in.
NumPy only: importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from cnn_blog import data
from cnn_blog.layers import Conv2D, conv2d_naive

# --8<-- [start:small]
# A tiny gray image: a bright vertical bar (column 3) on a dark ground, so a vertical-edge filter
# has an edge to find on each side of it. Small whole numbers keep the arithmetic easy to follow.
SMALL_IMAGE = np.array(
    [
        [0, 0, 1, 3, 2],
        [0, 1, 2, 3, 1],
        [0, 0, 1, 3, 0],
        [1, 0, 2, 3, 1],
        [0, 0, 1, 2, 0],
    ]
)

# A vertical-edge filter: right column minus left column, positive where brightness grows to the
# right (the bar's left edge) and negative where it drops (its right edge).
SMALL_KERNEL = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])
# --8<-- [end:small]

# --8<-- [start:edge_filters]
# Edge filters for the photo, each (3, 3), in one sign convention with SMALL_KERNEL: positive where
# the photo grows brighter to the right (vertical), downwards (horizontal) or to the bottom right
# (diagonal). Sobel filters weigh the middle row (or column) twice.
EDGE_FILTERS = {
    "vertical": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64),
    "horizontal": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64),
    "diagonal": np.array([[-2, -1, 0], [-1, 0, 1], [0, 1, 2]], dtype=np.float64),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64),
}
# --8<-- [end:edge_filters]


def small_example(padding: str = "valid") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``SMALL_IMAGE`` convolved with ``SMALL_KERNEL`` (bias 0), twice: loop by loop and vectorized.

    Returns (x (5, 5), kernel (3, 3), out_naive, out_layer), the outputs (3, 3) for "valid" and
    (5, 5) for "same". Both come from ``cnn_blog.layers``; they must agree.
    """
    x = SMALL_IMAGE.reshape(1, 5, 5, 1)  # (h, w) -> (n=1, h, w, c_in=1)
    kernel = SMALL_KERNEL.reshape(3, 3, 1, 1)  # (kh, kw) -> (kh, kw, c_in=1, filters=1)
    bias = np.zeros(1)
    naive = conv2d_naive(x, kernel, bias, padding=padding)[0, :, :, 0]  # (1, h_out, w_out, 1) -> (h_out, w_out)
    layer = Conv2D(1, (3, 3), padding=padding)
    layer.set_weights([kernel, bias])
    vectorized = layer.forward(x)[0, :, :, 0]
    return SMALL_IMAGE, SMALL_KERNEL, naive, vectorized


# --8<-- [start:edge_feature_maps]
def edge_feature_maps(image=None):
    """The photo and the feature maps of ``EDGE_FILTERS``, all four from one Conv2D(4, (3, 3)).

    image: (h, w) gray in [0, 1], by default the cat photo ``data.chelsea_gray()`` (150, 225).
    Returns (image (h, w), kernel (3, 3, 1, 4), maps (h - 2, w - 2, 4)). ``padding="valid"``: zero
    padding would draw false edges along the photo's border.
    """
    image = data.chelsea_gray() if image is None else np.asarray(image)
    if image.ndim != 2 or min(image.shape) < 3:
        raise ValueError(f"image must be a gray (h, w) array of at least 3 x 3 pixels, got shape {image.shape}")
    kernel = np.stack(list(EDGE_FILTERS.values()), axis=-1)  # 4 x (3, 3) -> (3, 3, 4): one filter per channel
    kernel = kernel[:, :, np.newaxis, :]  # (3, 3, 4) -> (kh=3, kw=3, c_in=1, filters=4)
    conv = Conv2D(len(EDGE_FILTERS), (3, 3), padding="valid")
    conv.set_weights([kernel, np.zeros(len(EDGE_FILTERS))])  # the four filters, bias 0
    x = image.reshape(1, *image.shape, 1)  # (h, w) -> (n=1, h, w, c=1)
    maps = conv.forward(x)[0]  # (1, h - 2, w - 2, 4) -> (h - 2, w - 2, 4): one feature map per filter
    return image, kernel, maps
# --8<-- [end:edge_feature_maps]
