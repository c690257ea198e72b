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
        "title": "元の連載のモデル：各層の出力の形（入力 {shape}、{classes} クラス、パラメータ {params:,} 個）",
        "title_highlight": "元の連載のモデル全体：今回の層（{layers}）を赤い枠で示し、ほかは灰色",
        "note": "ブロックの高さは画像の縦の長さ、幅はチャンネル数。平坦化の後の棒の長さは、並んだ数の個数（対数目盛）。",
    },
    "en": {
        "input": "input",
        "title": "The series' model: every layer's output shape (input {shape}, {classes} classes, {params:,} parameters)",
        "title_highlight": "The series' whole model: this part's layers ({layers}) framed in red, the others grey",
        "note": "Block height: the image's side; block width: the number of channels. After Flatten, a bar's length is how many numbers there are (log scale).",
    },
}

# Fill colours: (front, top, side) of a slab, and a vector's bar; muted ones for the layers a part does not cover.
COLOURS = {"input": "#d9d9d9", "slab": ("#9ecae1", "#c6dbef", "#6baed6"), "bar": "#fdae6b"}
MUTED = {"input": "#ececec", "slab": ("#e3e3e3", "#efefef", "#d0d0d0"), "bar": "#e3e3e3"}
HIGHLIGHT_EDGE = "#b2182b"  # the outline of a stage that holds a highlighted layer


def _shape_text(shape) -> str:
    return "×".join(f"{n:,}" for n in shape)


def make_model_diagram(lang: str, stages, classes: int, params: int, highlight=None):
    """One block per stage, left to right: feature maps as slabs (height ~ side, width ~ channels),
    vectors after Flatten as thin bars (length ~ log of their size); shape above, layers below.

    stages: [(layer labels, output shape)], the input first (``model_stages``); classes and params: for
    the title. highlight: None (every stage in colour), or for every stage a list of booleans, one per
    layer label (``highlight_layers``): the marked layers' labels are framed in red and their
    stages in colour with a red outline; every other stage is drawn grey, its labels grey.
    """
    t = LABELS[check_lang(lang)]
    if highlight is not None:
        if len(highlight) != len(stages) or any(len(m) != len(labels) for m, (labels, _) in zip(highlight, stages)):
            raise ValueError("highlight needs one boolean per layer label of every stage (see highlight_layers)")
    side_max = max(shape[0] for _, shape in stages if len(shape) == 3)
    vec_max = max(shape[0] for _, shape in stages if len(shape) == 1)
    height, slot = 4.0, 1.9  # the tallest block and the room each stage gets, in axis units
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(12, 4.4))
        for i, (labels, shape) in enumerate(stages):
            marks = [False] * len(labels) if highlight is None else list(highlight[i])
            lit = highlight is None or any(marks)
            colours = COLOURS if lit else MUTED
            edge, width = (HIGHLIGHT_EDGE, 2.0) if highlight is not None and lit else ("0.3" if lit else "0.6", 0.8)
            if len(shape) == 3:
                h = height * shape[0] / side_max
                w = 0.12 + 0.9 * shape[2] / 64  # 64 channels -> about 1
                depth = 0.2 * h / height + 0.05  # a little 3-D: the slab's top and side
                x = i * slot + (slot - w - depth) / 2
                front, top_colour, side_colour = colours["slab"]
                if labels[0] == "input":
                    front = colours["input"]
                ax.add_patch(Rectangle((x, -h / 2), w, h, facecolor=front, edgecolor=edge, linewidth=width))
                ax.add_patch(Polygon([(x, h / 2), (x + depth, h / 2 + depth), (x + w + depth, h / 2 + depth),
                                      (x + w, h / 2)], closed=True, facecolor=top_colour, edgecolor=edge,
                                     linewidth=width))
                ax.add_patch(Polygon([(x + w, -h / 2), (x + w + depth, -h / 2 + depth),
                                      (x + w + depth, h / 2 + depth), (x + w, h / 2)], closed=True,
                                     facecolor=side_colour, edgecolor=edge, linewidth=width))
                top = h / 2 + depth
            else:
                h = height * math.log10(shape[0] + 1) / math.log10(vec_max + 1)
                w = 0.2
                x = i * slot + (slot - w) / 2
                ax.add_patch(Rectangle((x, -h / 2), w, h, facecolor=colours["bar"], edgecolor=edge, linewidth=width))
                top = h / 2
            centre = i * slot + slot / 2
            ax.text(centre, top + 0.12, _shape_text(shape), ha="center", va="bottom", fontsize=8,
                    color="0.1" if lit else "0.45")
            names = [t["input"] if name == "input" else name.replace(" 3×3", "\n3×3") for name in labels]
            drop = 0.0  # points below the first label's top
            for name, marked in zip(names, marks):  # one text per layer, so each can have its own style
                drop += 3.0 if marked and drop else 0.0  # room for the frame above a framed label
                style = ({"color": HIGHLIGHT_EDGE, "bbox": {"boxstyle": "round,pad=0.15", "facecolor": "#fde0dd",
                                                             "edgecolor": HIGHLIGHT_EDGE, "linewidth": 0.8}} if marked
                         else {"color": "0.1" if highlight is None else "0.45"})
                ax.annotate(name, (centre, -height / 2 - 0.25), xytext=(0, -drop), textcoords="offset points",
                            ha="center", va="top", fontsize=7.5, linespacing=1.3, **style)
                drop += (name.count("\n") + 1) * 7.5 * 1.3 + (3.0 if marked else 0.0)
        ax.set_xlim(0, len(stages) * slot)
        ax.set_ylim(-height / 2 - 2.0, height / 2 + 0.9)
        ax.set_aspect("equal")
        ax.axis("off")
        if highlight is None:
            title = t["title"].format(shape=_shape_text(stages[0][1]), classes=classes, params=params)
        else:
            shown = [label.split()[0] for (labels, _), m in zip(stages, highlight) for label, on in zip(labels, m) if on]
            title = t["title_highlight"].format(layers=", ".join(dict.fromkeys(shown)))
        ax.set_title(title, fontsize=10)
        ax.text(len(stages) * slot / 2, -height / 2 - 2.0, t["note"], ha="center", va="bottom", fontsize=8,
                color="0.35")
    return fig
