"""Figures of part 13, the whole model in NumPy (``docs/13-numpy-model.*.md``).

Training both networks takes a while, so the function draws what the snippet
``snippets/13_numpy_model/keras_vs_numpy.py`` measured: the loss and accuracy of every
mini-batch, for Keras and for the NumPy network trained side by side.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "step": "ステップ（ミニバッチ 1 個で 1 回の更新）",
        "loss": "損失（交差エントロピー誤差）",
        "accuracy": "ミニバッチの正解率",
        "loss_title": "損失（太線は連続 {k} ステップの平均）",
        "accuracy_title": "正解率（太線は連続 {k} ステップの平均）",
        "keras": "Keras",
        "numpy": "NumPy（cnn_blog）",
    },
    "en": {
        "step": "step (one update per mini-batch)",
        "loss": "loss (cross-entropy error)",
        "accuracy": "accuracy on the mini-batch",
        "loss_title": "loss (bold: moving average over {k} steps)",
        "accuracy_title": "accuracy (bold: moving average over {k} steps)",
        "keras": "Keras",
        "numpy": "NumPy (cnn_blog)",
    },
}

COLORS = {"keras": "tab:orange", "numpy": "tab:blue"}


def moving_average(values, k: int) -> np.ndarray:
    """Mean of each run of ``k`` consecutive values: (n,) -> (n - k + 1,)."""
    values = np.asarray(values, dtype=np.float64)
    if not 1 <= k <= len(values):
        raise ValueError(f"k must be between 1 and {len(values)}, got {k}")
    return np.convolve(values, np.ones(k) / k, mode="valid")  # (n - k + 1,)


def make_training_curves(lang: str, history: dict, k: int = 10):
    """Loss (left) and accuracy (right) of every training step, Keras next to NumPy.

    ``history``: {"keras": [(loss, accuracy), ...], "numpy": [(loss, accuracy), ...]}, one pair
    per step, as ``train_on_batch`` returns them. Each mini-batch's value is drawn faint; its
    moving average over ``k`` steps (``moving_average``) bold.
    """
    t = LABELS[check_lang(lang)]
    with house_style(lang):
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
        for name in ("keras", "numpy"):
            pairs = np.asarray(history[name], dtype=np.float64)  # (steps, 2): loss, accuracy
            steps = np.arange(1, len(pairs) + 1)
            for ax, column in zip(axes, (0, 1)):
                ax.plot(steps, pairs[:, column], color=COLORS[name], linewidth=0.8, alpha=0.3)
                ax.plot(steps[k - 1:], moving_average(pairs[:, column], k), color=COLORS[name],
                        linewidth=2, label=t[name])
        for ax, key in zip(axes, ("loss", "accuracy")):
            ax.set_xlabel(t["step"])
            ax.set_ylabel(t[key])
            ax.set_title(t[f"{key}_title"].format(k=k))
        axes[0].set_ylim(bottom=0)
        axes[1].set_ylim(0, 1.02)
        axes[0].legend(loc="upper right")
        axes[1].legend(loc="lower right")
    fig.tight_layout()
    return fig
