"""Figures of part 9, model.compile (``docs/09-compile.*.md``).

Every function is ``make_<name>(lang, ...) -> Figure``; the snippet
``snippets/09_compile/mnist_model.py`` builds the model and hands the figure its layer table
(``cnn_blog.demos.compile.layer_rows``), which it only draws.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import StrMethodFormatter
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "parameters": "パラメータ数（重みとバイアス）",
        "title": "MNIST のモデルの層ごとのパラメータ数（合計 {total:,}）",
    },
    "en": {
        "parameters": "parameters (weights and biases)",
        "title": "parameters per layer of the MNIST model (total {total:,})",
    },
}


def make_parameters(lang: str, rows):
    """Horizontal bars: how many parameters each layer holds, first layer on top.

    ``rows``: one (name, output_shape, parameters) per layer, in the model's order; the bar is
    labelled with the layer's name and output shape, and with its count.
    """
    t = LABELS[check_lang(lang)]
    names = [f"{name} {shape}" for name, shape, _ in rows]
    counts = np.array([count for _, _, count in rows])
    y = np.arange(len(rows))[::-1]  # the first layer at the top
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(7.5, 0.38 * len(rows) + 1.2))
        ax.barh(y, counts, color=["tab:blue" if c else "lightgray" for c in counts])
        for yi, count in zip(y, counts):
            ax.text(count + counts.max() * 0.01, yi, f"{count:,}", va="center", fontsize=8)
        ax.set_yticks(y, names, fontsize=8)
        ax.set_xlim(0, counts.max() * 1.18)
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.set_xlabel(t["parameters"])
        ax.set_title(t["title"].format(total=int(counts.sum())), fontsize=10)
        ax.grid(axis="y", visible=False)
        fig.tight_layout()
    return fig
