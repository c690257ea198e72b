"""Figures of part 1, the data (``docs/01-data.*.md``).

Named ``dataset`` like ``cnn_blog.demos.dataset``, which computes what they draw (the augmented views
of one photo, the images per digit of two splits).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

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


def make_augmented_grid(lang: str, angles, rotated, mirrored):
    """Two rows: a photo rotated by each angle, and each rotation mirrored.

    rotated, mirrored: uint8 (len(angles), h, w, 3), as ``cnn_blog.demos.dataset.augmented_views`` returns them.
    """
    t = LABELS[check_lang(lang)]
    if not len(angles) == len(rotated) == len(mirrored):
        raise ValueError(f"one rotated and one mirrored view per angle: {len(angles)} angles, "
                         f"{len(rotated)} rotated, {len(mirrored)} mirrored")
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
        fig.suptitle(t["grid_title"].format(n=n, size=rotated.shape[1]))
        fig.tight_layout()
    return fig


def make_class_balance(lang: str, counts: dict, seed: int = 0):
    """Images per digit in training and test data: the stratified split (left) and the file's order (right).

    counts: what ``cnn_blog.demos.dataset.class_counts(seed=seed)`` returns; seed: for the title.
    """
    t = LABELS[check_lang(lang)]
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
