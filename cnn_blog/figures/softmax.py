"""Figures of part 7, softmax (``docs/07-softmax.*.md``).

The scores come from a model trained at build time: ``snippets/07_softmax/softmax_prediction.py``
trains it once, computes the probabilities with ``cnn_blog.layers.Softmax`` and hands each function
its arrays, which it only draws. Every function is ``make_<name>(lang, ...) -> Figure``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "image": "テスト画像 {index}（正解 {true}）",
        "scores": "スコア（Dense の出力）",
        "probabilities": "ソフトマックス関数の出力（確率）",
        "digit": "数字",
        "score": "スコア",
        "probability": "確率",
        "temperature": "T = {T:g}",
        "temperature_title": "スコアを温度 T で割ってからソフトマックス関数に通す（テスト画像 {index}）",
    },
    "en": {
        "image": "test image {index} (true {true})",
        "scores": "scores (output of Dense)",
        "probabilities": "softmax output (probabilities)",
        "digit": "digit",
        "score": "score",
        "probability": "probability",
        "temperature": "T = {T:g}",
        "temperature_title": "scores divided by a temperature T before the softmax (test image {index})",
    },
}

PREDICTED_COLOR, OTHER_COLOR = "tab:blue", "lightgray"


def _bar_colors(values: np.ndarray) -> list[str]:
    colors = [OTHER_COLOR] * len(values)
    colors[int(np.argmax(values))] = PREDICTED_COLOR
    return colors


def make_prediction(lang: str, images, scores, probabilities, indices, true_labels, class_names):
    """One row per test image: the image, its scores as bars, and the softmax of those scores as bars.

    ``images``: (n, h, w, 1) or (n, h, w) in [0, 1]; ``scores``: (n, classes), what the last
    ``Dense`` gave before ``Activation('softmax')``; ``probabilities``: (n, classes), the softmax of
    those scores; ``indices``: (n,) the images' numbers in the test set; ``true_labels``: (n,) class
    indices. The largest score and the largest probability are blue (they are always the same class).
    """
    t = LABELS[check_lang(lang)]
    images = np.asarray(images)
    images = images[..., 0] if images.ndim == 4 else images  # (n, h, w, 1) -> (n, h, w)
    scores = np.asarray(scores, dtype=np.float64)  # (n, classes)
    probabilities = np.asarray(probabilities, dtype=np.float64)  # (n, classes), each row sums to 1
    if scores.ndim != 2 or probabilities.shape != scores.shape:
        raise ValueError(f"scores and probabilities must be (n, classes) each, got {scores.shape}, "
                         f"{probabilities.shape}")
    n, k = scores.shape
    with house_style(lang):
        fig, axes = plt.subplots(n, 3, figsize=(10, 2.6 * n), squeeze=False,
                                 gridspec_kw={"width_ratios": [0.8, 2, 2]})
        for row in range(n):
            image_ax, score_ax, prob_ax = axes[row]
            image_ax.imshow(images[row], cmap="gray_r", vmin=0, vmax=1)
            image_ax.set_axis_off()
            image_ax.set_title(t["image"].format(index=int(indices[row]), true=class_names[int(true_labels[row])]),
                               fontsize=9)

            score_ax.bar(range(k), scores[row], color=_bar_colors(scores[row]))
            score_ax.axhline(0, color="black", linewidth=0.8)
            score_ax.set_ylabel(t["score"])

            prob_ax.bar(range(k), probabilities[row], color=_bar_colors(probabilities[row]))
            top = int(np.argmax(probabilities[row]))
            prob_ax.text(top, probabilities[row, top] + 0.02, f"{probabilities[row, top]:.3f}",
                         ha="center", va="bottom", fontsize=8)
            prob_ax.set_ylim(0, 1.12)
            prob_ax.set_ylabel(t["probability"])

            for ax in (score_ax, prob_ax):
                ax.set_xticks(range(k), class_names)
                if row == n - 1:
                    ax.set_xlabel(t["digit"])
            if row == 0:
                score_ax.set_title(t["scores"])
                prob_ax.set_title(t["probabilities"])
        fig.tight_layout()
    return fig


def make_temperature(lang: str, probabilities, temperatures, index, class_names):
    """The softmax of ``scores / T`` for each temperature T, side by side, as bars.

    ``probabilities``: (len(temperatures), classes), row i the softmax of one image's scores divided
    by ``temperatures[i]``; ``temperatures``: e.g. (0.5, 1, 2, 5); ``index``: the image's number in
    the test set (for the title). Small T sharpens, large T flattens.
    """
    t = LABELS[check_lang(lang)]
    rows = np.asarray(probabilities, dtype=np.float64)  # (temperatures, classes)
    if rows.ndim != 2 or len(rows) != len(temperatures):
        raise ValueError(f"probabilities must be (len(temperatures), classes) = ({len(temperatures)}, classes), "
                         f"got {rows.shape}")
    k = rows.shape[1]
    with house_style(lang):
        fig, axes = plt.subplots(1, len(temperatures), figsize=(2.6 * len(temperatures), 2.9),
                                 sharey=True, squeeze=False)
        for ax, temperature, probabilities in zip(axes[0], temperatures, rows):
            ax.bar(range(k), probabilities, color=_bar_colors(probabilities))
            ax.set_title(t["temperature"].format(T=temperature))
            ax.set_xticks(range(k), class_names, fontsize=8)
            ax.set_xlabel(t["digit"])
            ax.set_ylim(0, 1)
        axes[0, 0].set_ylabel(t["probability"])
        fig.suptitle(t["temperature_title"].format(index=int(index)), fontsize=10)
        fig.tight_layout()
    return fig
