"""Figures of part 8, categorical cross-entropy (``docs/08-categorical-crossentropy.*.md``).

Every function is ``make_<name>(lang, ...) -> Figure`` and draws the arrays it is given: the
snippet ``snippets/08_categorical_crossentropy/crossentropy_figures.py`` computes them with
``cnn_blog.losses`` and ``cnn_blog.demos.crossentropy``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "probability": "正解ラベルに与えた確率 y",
        "neg_log": "−log y",
        "neg_log_title": "交差エントロピー誤差 = −log（正解ラベルの確率）",
        "example": "例 {n}: y = {y:g} → {loss:.3f}",
        "loss": "損失",
        "loss_title": "正解ラベルの確率を 0 から 1 まで動かしたときの損失（{k} クラス）",
        "cross_entropy": "交差エントロピー誤差（δ = 1e-7）",
        "sum_squared": "二乗和誤差",
        "at_zero": "y = 0 では −log(δ) = {value:.1f}",
        "output": "出力 y（ソフトマックス関数）",
        "label": "正解ラベル t（one-hot表現）",
        "gradient": "勾配 y − t",
        "class": "クラス",
        "row": "例 {n}",
    },
    "en": {
        "probability": "probability y given to the correct label",
        "neg_log": "−log y",
        "neg_log_title": "cross-entropy error = −log(probability of the correct label)",
        "example": "example {n}: y = {y:g} → {loss:.3f}",
        "loss": "loss",
        "loss_title": "the loss as the correct label's probability moves from 0 to 1 ({k} classes)",
        "cross_entropy": "cross-entropy error (δ = 1e-7)",
        "sum_squared": "sum-of-squares error",
        "at_zero": "at y = 0: −log(δ) = {value:.1f}",
        "output": "output y (softmax)",
        "label": "correct label t (one-hot)",
        "gradient": "gradient y − t",
        "class": "class",
        "row": "example {n}",
    },
}

EXAMPLE_COLORS = ("tab:blue", "tab:red")


def make_neg_log(lang: str, probabilities):
    """The curve −log y on (0, 1], with the correct label's probability of each example marked.

    ``probabilities``: the probability each example gave its correct label, e.g. (0.775, 0.37).
    """
    t = LABELS[check_lang(lang)]
    y = np.linspace(0.005, 1, 400)
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(5.6, 3.6))
        ax.plot(y, -np.log(y), color="black", linewidth=2)
        for n, (p, color) in enumerate(zip(probabilities, EXAMPLE_COLORS), start=1):
            loss = -np.log(p)
            ax.plot([p, p], [0, loss], color=color, linestyle="--", linewidth=1)
            ax.plot(p, loss, "o", color=color, markersize=8, label=t["example"].format(n=n, y=p, loss=loss))
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 5)
        ax.set_xlabel(t["probability"])
        ax.set_ylabel(t["neg_log"])
        ax.set_title(t["neg_log_title"], fontsize=10)
        ax.legend()
    return fig


def make_loss_comparison(lang: str, p, sse, cee, classes: int):
    """Sum-of-squares error and cross-entropy error of one example against p, the probability of
    its correct label.

    ``p``, ``sse``, ``cee``: (points,) each, as ``cnn_blog.demos.crossentropy.loss_curves(classes)``
    returns them; ``classes`` goes into the title. The note at the top left gives ``cee[0]``.
    """
    t = LABELS[check_lang(lang)]
    p, sse, cee = (np.asarray(a, dtype=np.float64) for a in (p, sse, cee))
    if not p.ndim == 1 or p.shape != sse.shape or p.shape != cee.shape:
        raise ValueError(f"p, sse and cee must be 1-D of one length, got {p.shape}, {sse.shape}, {cee.shape}")
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        ax.plot(p, cee, color="tab:blue", linewidth=2, label=t["cross_entropy"])
        ax.plot(p, sse, color="tab:orange", linewidth=2, label=t["sum_squared"])
        ax.annotate(t["at_zero"].format(value=cee[0]), xy=(0.01, 4.9), xytext=(0.12, 4.4),
                    arrowprops={"arrowstyle": "->"}, fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 5)
        ax.set_xlabel(t["probability"])
        ax.set_ylabel(t["loss"])
        ax.set_title(t["loss_title"].format(k=classes), fontsize=10)
        ax.legend(loc="center right")  # clear of the note at the top left
    return fig


def make_gradient(lang: str, outputs, labels, gradients):
    """One row per example: softmax output y, one-hot label t and the fused layer's gradient y − t.

    ``outputs``, ``labels``, ``gradients``: (n, classes) each: the softmax outputs, the one-hot
    labels and each example's own gradient y − t (``SoftmaxCrossEntropy.backward()`` times n: one
    example's gradient, not its share of the mean), as the snippet computes them.
    """
    t = LABELS[check_lang(lang)]
    outputs, labels, gradients = (np.asarray(a, dtype=np.float64) for a in (outputs, labels, gradients))
    if outputs.ndim != 2 or outputs.shape != labels.shape or outputs.shape != gradients.shape:
        raise ValueError("outputs, labels and gradients must be (n, classes) each, got "
                         f"{outputs.shape}, {labels.shape}, {gradients.shape}")
    n, k = outputs.shape
    with house_style(lang):
        fig, axes = plt.subplots(n, 3, figsize=(9, 2.4 * n), sharey=True, squeeze=False)
        for row in range(n):
            panels = ((outputs[row], t["output"]), (labels[row], t["label"]), (gradients[row], t["gradient"]))
            for col, (values, title) in enumerate(panels):
                ax = axes[row, col]
                colors = ["tab:red" if v < 0 else "tab:blue" for v in values]
                ax.bar(range(1, k + 1), values, color=colors)
                ax.axhline(0, color="black", linewidth=0.8)
                for x, v in enumerate(values, start=1):
                    ax.text(x, v + (0.04 if v >= 0 else -0.04), f"{v:.3g}", ha="center",
                            va="bottom" if v >= 0 else "top", fontsize=8)
                ax.set_xticks(range(1, k + 1))
                ax.set_ylim(-1.15, 1.15)
                if row == 0:
                    ax.set_title(title, fontsize=10)
                if row == n - 1:
                    ax.set_xlabel(t["class"])
            axes[row, 0].set_ylabel(t["row"].format(n=row + 1))
        fig.tight_layout()
    return fig
