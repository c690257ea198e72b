"""Figure of the home page (``docs/index.*.md``): the series' model at a glance.

``make_model_diagram(lang, stages, …)`` draws the stages that ``cnn_blog.demos.overview.model_stages``
found in the model, every stage's output as a block whose height follows the image side and whose
width follows the number of channels.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.patches import Polygon, Rectangle

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "input": "入力",
        "title": "シリーズのモデル：各層の出力の形（入力 {shape}、{classes} クラス、パラメータ {params:,} 個）",
        "note": "ブロックの高さは画像の縦の長さ、幅はチャンネル数。平坦化の後の棒の長さは、並んだ数の個数（対数目盛）。",
    },
    "en": {
        "input": "input",
        "title": "The series' model: every layer's output shape (input {shape}, {classes} classes, {params:,} parameters)",
        "note": "Block height: the image's side; block width: the number of channels. After Flatten, a bar's length is how many numbers there are (log scale).",
    },
}

def _shape_text(shape) -> str:
    return "×".join(f"{n:,}" for n in shape)


def make_model_diagram(lang: str, stages, classes: int, params: int):
    """One block per stage, left to right: feature maps as slabs (height ~ side, width ~ channels),
    vectors after Flatten as thin bars (length ~ log of their size); shape above, layers below.

    stages: [(layer labels, output shape)], the input first (``model_stages``); classes and params: for
    the title.
    """
    t = LABELS[check_lang(lang)]
    side_max = max(shape[0] for _, shape in stages if len(shape) == 3)
    vec_max = max(shape[0] for _, shape in stages if len(shape) == 1)
    height, slot = 4.0, 1.9  # the tallest block and the room each stage gets, in axis units
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(12, 4.4))
        for i, (labels, shape) in enumerate(stages):
            if len(shape) == 3:
                h = height * shape[0] / side_max
                w = 0.12 + 0.9 * shape[2] / 64  # 64 channels -> about 1
                depth = 0.2 * h / height + 0.05  # a little 3-D: the slab's top and side
                x = i * slot + (slot - w - depth) / 2
                color = "#d9d9d9" if labels[0] == "input" else "#9ecae1"
                ax.add_patch(Rectangle((x, -h / 2), w, h, facecolor=color, edgecolor="0.3", linewidth=0.8))
                ax.add_patch(Polygon([(x, h / 2), (x + depth, h / 2 + depth), (x + w + depth, h / 2 + depth),
                                      (x + w, h / 2)], closed=True, facecolor="#c6dbef", edgecolor="0.3",
                                     linewidth=0.8))
                ax.add_patch(Polygon([(x + w, -h / 2), (x + w + depth, -h / 2 + depth),
                                      (x + w + depth, h / 2 + depth), (x + w, h / 2)], closed=True,
                                     facecolor="#6baed6", edgecolor="0.3", linewidth=0.8))
                top = h / 2 + depth
            else:
                h = height * math.log10(shape[0] + 1) / math.log10(vec_max + 1)
                w = 0.2
                x = i * slot + (slot - w) / 2
                ax.add_patch(Rectangle((x, -h / 2), w, h, facecolor="#fdae6b", edgecolor="0.3", linewidth=0.8))
                top = h / 2
            centre = i * slot + slot / 2
            ax.text(centre, top + 0.12, _shape_text(shape), ha="center", va="bottom", fontsize=8)
            names = [t["input"] if name == "input" else name.replace(" 3×3", "\n3×3") for name in labels]
            ax.text(centre, -height / 2 - 0.25, "\n".join(names), ha="center", va="top", fontsize=7.5,
                    linespacing=1.3)
        ax.set_xlim(0, len(stages) * slot)
        ax.set_ylim(-height / 2 - 2.0, height / 2 + 0.9)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(t["title"].format(shape=_shape_text(stages[0][1]), classes=classes, params=params),
                     fontsize=10)
        ax.text(len(stages) * slot / 2, -height / 2 - 2.0, t["note"], ha="center", va="bottom", fontsize=8,
                color="0.35")
    return fig
