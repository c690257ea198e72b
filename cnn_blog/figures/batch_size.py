"""Figures of part 10, batch size and epochs (``docs/10-batch-size-epochs.*.md``).

The figures draw small training runs made while the site is built: the snippet
``snippets/10_batch_size_epochs/batch_size_runs.py`` trains with
``cnn_blog.demos.batch_size.train_with_batch_size`` for several batch sizes and hands each function
the histories, which it only draws.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

STEP_EPOCHS = 2  # how many epochs the loss-per-step figure shows
COLORS = {8: "tab:orange", 32: "tab:blue", 128: "tab:green"}

LABELS = {
    "ja": {
        "epoch": "エポック",
        "epochs_seen": "エポック（見た画像の数 ÷ 訓練データの枚数）",
        "step": "ステップ（重みの更新回数、対数目盛）",
        "batch_loss": "ミニバッチの損失",
        "loss": "損失",
        "batch": "バッチサイズ {b}",
        "batch_steps": "バッチサイズ {b}（1 エポック {s} ステップ）",
        "train": "訓練データ（エポック内の平均）",
        "validation": "検証データ",
        "per_step_title": "1 ステップごとの損失",
        "per_epoch_title": "エポックごとの損失",
        "per_step_validation_title": "検証データの損失をステップ数で見る",
    },
    "en": {
        "epoch": "epoch",
        "epochs_seen": "epochs (images seen ÷ training images)",
        "step": "step (weight updates, log scale)",
        "batch_loss": "loss of the mini-batch",
        "loss": "loss",
        "batch": "batch size {b}",
        "batch_steps": "batch size {b} ({s} steps per epoch)",
        "train": "training data (mean over the epoch)",
        "validation": "validation data",
        "per_step_title": "Loss at every step",
        "per_epoch_title": "Loss per epoch",
        "per_step_validation_title": "Validation loss against the number of steps",
    },
}


def _steps_per_epoch(history: dict) -> int:
    return len(history["step_loss"]) // len(history["loss"])


def make_loss_per_step(lang: str, runs: dict):
    """The loss of every step's mini-batch over the first ``STEP_EPOCHS`` epochs, one line per batch size.

    runs: {batch_size: history} from ``cnn_blog.demos.batch_size.train_with_batch_size``. The horizontal axis counts epochs
    (images seen ÷ training images), so the batch sizes are compared on the same amount of data.
    """
    t = LABELS[check_lang(lang)]
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(7, 3.6))
        for batch_size in sorted(runs):  # the small, noisy batch first, so the others lie on top
            history = runs[batch_size]
            steps = _steps_per_epoch(history)
            shown = history["step_loss"][: STEP_EPOCHS * steps]
            x = np.arange(1, len(shown) + 1) / steps  # (steps,) in epochs
            ax.plot(x, shown, color=COLORS.get(batch_size, "tab:gray"),
                    linewidth=0.7 if steps > 100 else 1.8,
                    marker=None if steps > 100 else "o", markersize=3,
                    label=t["batch_steps"].format(b=batch_size, s=steps))
        ax.set_xlabel(t["epochs_seen"])
        ax.set_ylabel(t["batch_loss"])
        ax.set_title(t["per_step_title"])
        ax.set_xlim(0, STEP_EPOCHS)
        ax.set_ylim(bottom=0)
        ax.legend()
    return fig


def make_loss_per_epoch(lang: str, runs: dict):
    """Left: training and validation loss per epoch for each batch size. Right: the validation loss
    against the number of steps taken (log scale), the same runs."""
    t = LABELS[check_lang(lang)]
    with house_style(lang):
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
        for batch_size in sorted(runs):
            history = runs[batch_size]
            color = COLORS.get(batch_size, "tab:gray")
            epochs = np.arange(1, len(history["loss"]) + 1)
            left.plot(epochs, history["loss"], color=color, linewidth=1.8,
                      label=t["batch"].format(b=batch_size))
            left.plot(epochs, history["val_loss"], color=color, linewidth=1.8, linestyle="--")
            right.plot(epochs * _steps_per_epoch(history), history["val_loss"], color=color,
                       linewidth=1.8, linestyle="--", marker="o", markersize=3,
                       label=t["batch"].format(b=batch_size))
        left.set_xlabel(t["epoch"])
        left.set_ylabel(t["loss"])
        left.set_title(t["per_epoch_title"])
        left.set_xticks([1, *range(5, len(epochs) + 1, 5)])
        left.set_ylim(bottom=0)
        colors = left.legend(loc="upper right", fontsize=9)
        left.add_artist(colors)  # a second legend for the line styles
        styles = [Line2D([], [], color="black", linewidth=1.8, label=t["train"]),
                  Line2D([], [], color="black", linewidth=1.8, linestyle="--", label=t["validation"])]
        left.legend(handles=styles, loc="center right", fontsize=9)
        right.set_xscale("log")
        right.set_xlabel(t["step"])
        right.set_title(t["per_step_validation_title"])
        right.legend(fontsize=9)
    return fig
