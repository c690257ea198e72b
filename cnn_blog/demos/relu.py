"""The computation of part 3, ReLU (``docs/03-relu.*.md``): a Conv2D feature map of the cat photo, then ReLU.

Parts 4 and 5 follow the same map through ``MaxPooling2D`` and ``Dropout``. NumPy only
(``cnn_blog.layers``): importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from cnn_blog import data
from cnn_blog.layers import Conv2D, ReLU


# --8<-- [start:relu_feature_map]
# A vertical-edge filter (Sobel), the one of part 2 (right column minus left column): edges that grow
# brighter to the right give positive numbers, edges that grow darker negative ones, so ReLU has
# something to cut.
EDGE_KERNEL = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def relu_feature_map(image=None):
    """The photo, one Conv2D feature map of it (``EDGE_KERNEL``), and that map after ReLU.

    image: (h, w) gray in [0, 1], by default the cat photo ``data.chelsea_gray()`` (150, 225).
    Returns (image (h, w), feature_map (h - 2, w - 2), relu_map (h - 2, w - 2)). ``padding="valid"``:
    zero padding would draw false edges along the photo's border.
    """
    image = data.chelsea_gray() if image is None else np.asarray(image)
    if image.ndim != 2 or min(image.shape) < 3:
        raise ValueError(f"image must be a gray (h, w) array of at least 3 x 3 pixels, got shape {image.shape}")
    conv = Conv2D(1, (3, 3), padding="valid")  # one filter, 3 x 3
    conv.set_weights([EDGE_KERNEL.reshape(3, 3, 1, 1), np.zeros(1)])  # kernel (kh, kw, c_in, filters), bias 0
    x = image.reshape(1, *image.shape, 1)  # (h, w) -> (n=1, h, w, c=1)
    fmap = conv.forward(x)[0, :, :, 0]  # (1, h - 2, w - 2, 1) -> (h - 2, w - 2)
    relu_map = ReLU().forward(fmap)  # max(0, x): the negative answers become 0
    return image, fmap, relu_map
# --8<-- [end:relu_feature_map]
