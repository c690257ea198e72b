"""Figures of part 5, Dropout (``docs/05-dropout.*.md``).

Two things to draw: what ``Dropout(0.25)`` does to a real feature map, step after step of training
(``make_dropout_masks``), and a small training experiment with and without dropout
(``make_dropout_experiment``). Both draw what ``cnn_blog.demos.dropout`` computed
(``dropout_steps`` and ``dropout_experiment``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.ticker import PercentFormatter

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "inference": "推論時（そのまま通す）",
        "step": "学習ステップ {k}",
        "photo": "元の写真（左側の目）",
        "mask_title": "Dropout(0.25) が遮断した位置（青）は、学習ステップごとに変わる",
        "epoch": "エポック",
        "accuracy": "正解率",
        "loss": "損失",
        "train": "訓練データ",
        "validation": "検証データ",
        "without": "ドロップアウトなし",
        "with": "ドロップアウトあり",
        "gap": "差 {gap:.1f} ポイント",
        "lowest": "最小",
        "experiment_title": "訓練データ {n_train} 枚・検証データ {n_val:,} 枚（MNIST）",
    },
    "en": {
        "inference": "inference (passed through)",
        "step": "training step {k}",
        "photo": "the photo (eye on the left)",
        "mask_title": "the places Dropout(0.25) blocks (blue) change at every training step",
        "epoch": "epoch",
        "accuracy": "accuracy",
        "loss": "loss",
        "train": "training data",
        "validation": "validation data",
        "without": "without dropout",
        "with": "with dropout",
        "gap": "gap {gap:.1f} points",
        "lowest": "lowest",
        "experiment_title": "{n_train} training images, {n_val:,} validation images (MNIST)",
    },
}

TRAIN_COLOR, VALIDATION_COLOR = "tab:blue", "tab:orange"
# The part of the feature map the mask figure shows (rows, columns): the eye on the photo's left,
# small enough that every single dropped value is a visible square.
CROP = np.s_[36:84, 58:122]


def make_dropout_masks(lang: str, image, fmap, outs, keeps, rate: float):
    """The photo, its feature map at inference (unchanged), and one panel per training step (dropped: blue).

    image (h, w), fmap (h - 2, w - 2), outs and keeps (one array shaped like fmap per step): what
    ``cnn_blog.demos.dropout.dropout_steps`` returns; rate: the rate it dropped at.
    """
    t = LABELS[check_lang(lang)]
    steps = len(outs)
    rows, cols = CROP
    # Feature map cell (i, j) is the 3 x 3 filter centred on photo pixel (i + 1, j + 1) ('valid').
    photo = image[rows.start + 1 : rows.stop + 1, cols.start + 1 : cols.stop + 1]
    limit = float(np.percentile(fmap[CROP], 99)) / (1 - rate)  # one colour scale for every map
    dropped = ListedColormap(["tab:blue"])
    with house_style(lang):
        fig, axes = plt.subplots(1, steps + 2, figsize=(2.7 * (steps + 2), 2.5), dpi=130)
        axes[0].imshow(photo, cmap="gray", vmin=0, vmax=1)
        axes[0].set_title(t["photo"])
        axes[1].imshow(fmap[CROP], cmap="Reds", vmin=0, vmax=limit)
        axes[1].set_title(t["inference"])
        for k, (ax, out, keep) in enumerate(zip(axes[2:], outs, keeps), start=1):
            ax.imshow(out[CROP], cmap="Reds", vmin=0, vmax=limit)
            # Dropped places painted blue on top, so that a dropped zero is seen as well.
            ax.imshow(np.ma.masked_where(keep[CROP], np.ones_like(out[CROP])), cmap=dropped, vmin=0, vmax=1)
            ax.set_title(t["step"].format(k=k))
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(True)
                spine.set_color("0.6")
        fig.suptitle(t["mask_title"], y=1.04)
    return fig


def make_dropout_experiment(lang: str, results: dict):
    """Per epoch, training and validation data: accuracy (top) and loss (bottom), without dropout
    (left) and with it (right).

    ``results``: what ``cnn_blog.demos.dropout.dropout_experiment`` returned (training takes a while,
    so the snippet runs it once and hands it to both languages).
    """
    t = LABELS[check_lang(lang)]
    with house_style(lang):
        fig, axes = plt.subplots(2, 2, figsize=(9, 6.2), sharex=True, sharey="row")
        for column, name in enumerate(("without", "with")):
            run = results[name]
            epochs = np.arange(1, len(run["accuracy"]) + 1)
            top, bottom = axes[0, column], axes[1, column]
            for ax, key in ((top, "accuracy"), (bottom, "loss")):
                ax.plot(epochs, run[key], color=TRAIN_COLOR, linewidth=2, label=t["train"])
                ax.plot(epochs, run[f"val_{key}"], color=VALIDATION_COLOR, linewidth=2, label=t["validation"])
            # The gap between the two accuracies at the last epoch, drawn as an arrow.
            last_train, last_val = run["accuracy"][-1], run["val_accuracy"][-1]
            top.annotate("", xy=(epochs[-1], last_val), xytext=(epochs[-1], last_train),
                         arrowprops={"arrowstyle": "<->", "color": "0.3"})
            top.text(epochs[-1] - 0.5, (last_train + last_val) / 2, t["gap"].format(gap=(last_train - last_val) * 100),
                     ha="right", va="center", color="0.3")
            # The lowest validation loss: after it, the model learns its 300 images, not digits.
            best = int(np.argmin(run["val_loss"]))
            bottom.plot(epochs[best], run["val_loss"][best], "o", color=VALIDATION_COLOR)
            bottom.annotate(t["lowest"], (epochs[best], run["val_loss"][best]), xytext=(0, -14),
                            textcoords="offset points", ha="center", va="top", color=VALIDATION_COLOR,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            top.set_title(t[name])
            bottom.set_xlabel(t["epoch"])
            bottom.set_xlim(1, epochs[-1] + 0.5)
            bottom.set_xticks([1, *range(5, epochs[-1] + 1, 5)])
        axes[0, 0].set_ylabel(t["accuracy"])
        axes[0, 0].set_ylim(0, 1.03)
        axes[0, 0].yaxis.set_major_formatter(PercentFormatter(1.0))
        axes[1, 0].set_ylabel(t["loss"])
        axes[1, 0].set_ylim(bottom=0)
        axes[0, 0].legend(loc="lower right")
        fig.suptitle(t["experiment_title"].format(n_train=results["n_train"], n_val=results["n_val"]))
        fig.tight_layout()
    return fig
