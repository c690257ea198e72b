"""Figures of part 6, Flatten and Dense (``docs/06-flatten-dense.*.md``).

``make_flatten_stack`` draws a small feature stack (3 x 3 x 2) and the row of 18 that ``Flatten``
makes of it; ``make_parameter_counts`` draws the parameters of every layer of the series' model. Both
draw what ``cnn_blog.demos.flatten_dense`` computed (``flatten_example``, ``series_parameter_counts``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "channel": "チャンネル {c}",
        "stack": "特徴マップ 3×3×2（縦×横×チャンネル）",
        "row": "Flatten() の出力：18 個の数値の列",
        "parameters": "パラメータ数",
        "parameters_title": "このサイトのモデル（入力 100×100×3、6 クラス）の層ごとのパラメータ数",
        "share": "{count:,}（全体の {share:.1%}）",
    },
    "en": {
        "channel": "channel {c}",
        "stack": "feature maps 3×3×2 (height × width × channels)",
        "row": "output of Flatten(): a row of 18 numbers",
        "parameters": "parameters",
        "parameters_title": "parameters per layer of the original series' model (input 100×100×3, 6 classes)",
        "share": "{count:,} ({share:.1%} of all)",
    },
}

CHANNEL_COLORS = ("#c6dbef", "#fdd0a2")  # channel 0 light blue, channel 1 light orange


def _cell(ax, x0, y0, value, color):
    ax.add_patch(Rectangle((x0, y0), 1, 1, facecolor=color, edgecolor="0.3", linewidth=1))
    ax.text(x0 + 0.5, y0 + 0.5, f"{value:g}", ha="center", va="center", fontsize=11)


def make_flatten_stack(lang: str, x, row):
    """Two 3 x 3 feature maps x (1, 3, 3, 2) (channels 0 and 1) above the row (1, 18) that Flatten makes of them.

    Each number keeps its channel's colour in the row, so the row's order shows: (0, 0, c0),
    (0, 0, c1), (0, 1, c0), ... — the channels of one position first, then the next column, then
    the next row, as Keras's Flatten does for channels-last images.
    """
    t = LABELS[check_lang(lang)]
    if x.shape != (1, 3, 3, 2) or row.shape != (1, 18):
        raise ValueError(f"the figure draws a (1, 3, 3, 2) stack and its (1, 18) row, got {x.shape} and {row.shape}")
    _, h, w, c = x.shape
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(9.5, 4.2))
        lefts = (5.0, 9.5)  # where the two 3 x 3 maps start
        for channel, left in zip(range(c), lefts):
            for i in range(h):
                for j in range(w):
                    _cell(ax, left + j, 6 - i, x[0, i, j, channel], CHANNEL_COLORS[channel])
            ax.text(left + 1.5, 7.3, t["channel"].format(c=channel), ha="center", va="bottom")
        ax.text(9.0, 8.2, t["stack"], ha="center", va="bottom", fontsize=11)
        for k, value in enumerate(row[0]):
            _cell(ax, k, 0, value, CHANNEL_COLORS[k % c])  # position k holds channel k mod c
        ax.text(9.0, -0.4, t["row"], ha="center", va="top", fontsize=11)
        ax.add_patch(FancyArrowPatch((9.0, 3.8), (9.0, 1.3), arrowstyle="-|>", mutation_scale=20, color="0.3"))
        ax.text(9.3, 2.55, "Flatten()", ha="left", va="center", family="monospace")
        ax.set_xlim(-0.2, 18.2)
        ax.set_ylim(-1.3, 9.0)
        ax.set_aspect("equal")
        ax.set_axis_off()
    return fig


def make_parameter_counts(lang: str, calls, counts):
    """One horizontal bar per layer of the series' model, top to bottom in the script's order.

    calls: each layer as the script writes it; counts: its parameters (``series_parameter_counts``).
    """
    t = LABELS[check_lang(lang)]
    total = sum(counts)
    y = np.arange(len(calls))
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(9, 6.2))
        colors = ["tab:red" if count == max(counts) else "tab:blue" for count in counts]
        ax.barh(y, counts, color=colors)
        for k, count in enumerate(counts):
            text = t["share"].format(count=count, share=count / total) if count == max(counts) else f"{count:,}"
            inside = count > 0.5 * max(counts)  # the long bar gets its label inside, in white
            ax.text(count - 0.01 * max(counts) if inside else count + 0.01 * max(counts), k, text,
                    va="center", ha="right" if inside else "left", color="white" if inside else "0.2")
        ax.set_yticks(y, calls, family="monospace")
        ax.invert_yaxis()  # the first layer on top, as in the script
        ax.set_xlabel(t["parameters"])
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v / 1e6:g} M" if v else "0"))
        ax.grid(axis="y", visible=False)
        ax.set_title(t["parameters_title"])
    return fig
