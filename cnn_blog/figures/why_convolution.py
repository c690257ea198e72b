"""Figures of part 14, why convolution (``docs/14-why-convolution.*.md``).

They draw the arrays they are given: the test accuracies of the two models on moved digits (trained in
``snippets/14_why_convolution/dense_vs_cnn.py``), a digit and its feature map before and after moving
(``cnn_blog.demos.why_convolution.equivariance_maps``), and the learned filter beside the edge filter
it was learned from (``learn_kernel``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "shift_x": "テスト画像を右へずらした画素数",
        "accuracy": "正解率",
        "dense": "全結合層だけ（パラメータ {n:,} 個）",
        "cnn": "小さな CNN（パラメータ {n:,} 個）",
        "digit": "数字",
        "moved": "下へ {down}、右へ {right} 画素ずらした数字",
        "fmap": "特徴マップ",
        "fmap_moved": "ずらした数字の特徴マップ",
        "true": "縦のエッジのフィルタ（正解）",
        "learned": "学習したフィルタ",
        "loss": "損失（平均二乗誤差）",
        "step": "ステップ",
    },
    "en": {
        "shift_x": "pixels the test digits are moved to the right",
        "accuracy": "accuracy",
        "dense": "fully connected only ({n:,} parameters)",
        "cnn": "small CNN ({n:,} parameters)",
        "digit": "digit",
        "moved": "digit moved {down} down, {right} right",
        "fmap": "feature map",
        "fmap_moved": "feature map of the moved digit",
        "true": "vertical-edge filter (the answer)",
        "learned": "learned filter",
        "loss": "loss (mean squared error)",
        "step": "step",
    },
}

COLORS = {"dense": "tab:orange", "cnn": "tab:blue"}


def make_shift_accuracy(lang: str, shifts, accuracy: dict, params: dict):
    """Test accuracy (0-1) against the pixels moved, one line per model ("dense", "cnn")."""
    t = LABELS[check_lang(lang)]
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        for name in ("dense", "cnn"):
            ax.plot(shifts, accuracy[name], marker="o", color=COLORS[name], label=t[name].format(n=params[name]))
        ax.set_xticks(list(shifts))
        ax.set_ylim(0, 1)
        ax.set_xlabel(t["shift_x"])
        ax.set_ylabel(t["accuracy"])
        ax.legend(loc="lower left")
        fig.tight_layout()
    return fig


def make_equivariance(lang: str, image, moved, fmap, fmap_moved, down: int, right: int):
    """Top: a digit and the digit moved; bottom: their feature maps, on one colour scale."""
    t = LABELS[check_lang(lang)]
    limit = float(max(np.abs(fmap).max(), np.abs(fmap_moved).max())) or 1.0
    with house_style(lang):
        fig, axes = plt.subplots(2, 2, figsize=(6.0, 6.2))
        panels = [(image, t["digit"], "gray_r", 0.0, 1.0), (moved, t["moved"].format(down=down, right=right), "gray_r", 0.0, 1.0),
                  (fmap, t["fmap"], "RdBu_r", -limit, limit), (fmap_moved, t["fmap_moved"], "RdBu_r", -limit, limit)]
        for ax, (array, title, cmap, low, high) in zip(axes.ravel(), panels):
            ax.imshow(array, cmap=cmap, vmin=low, vmax=high)
            ax.set_title(title, fontsize=10)
            ax.set_xticks(np.arange(0, array.shape[1], 5))
            ax.set_yticks(np.arange(0, array.shape[0], 5))
            ax.grid(False)
        fig.tight_layout()
    return fig


def make_learned_kernel(lang: str, true_kernel, learned, losses):
    """The true 3 x 3 filter and the learned one with their numbers, and the loss step by step (log scale)."""
    t = LABELS[check_lang(lang)]
    true_kernel, learned = np.asarray(true_kernel), np.asarray(learned)
    if true_kernel.shape != (3, 3) or learned.shape != (3, 3):
        raise ValueError(f"the figure draws two (3, 3) filters, got {true_kernel.shape} and {learned.shape}")
    limit = float(np.abs(true_kernel).max()) or 1.0
    with house_style(lang):
        fig, axes = plt.subplots(1, 3, figsize=(9.0, 3.0), gridspec_kw={"width_ratios": [1, 1, 1.5]})
        for ax, kernel, title in ((axes[0], true_kernel, t["true"]), (axes[1], learned, t["learned"])):
            ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
            for r in range(3):
                for c in range(3):
                    dark = abs(kernel[r, c]) > 0.6 * limit  # white numbers on the darkest cells
                    ax.text(c, r, f"{np.round(kernel[r, c], 2) + 0.0:.2f}", ha="center", va="center", fontsize=10,
                            color="white" if dark else "black")  # + 0.0: -0.00 shows as 0.00
            ax.set_title(title, fontsize=10)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
        axes[2].semilogy(np.arange(len(losses)), losses, color="tab:blue")
        axes[2].set_xlabel(t["step"])
        axes[2].set_ylabel(t["loss"])
        fig.tight_layout()
    return fig
