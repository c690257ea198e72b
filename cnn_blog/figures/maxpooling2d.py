"""Figures of part 4, MaxPooling2D (``docs/04-maxpooling2d.*.md``).

They draw the arrays they are given: the small map and its pooled result, and part 3's feature map of
the photo pooled again and again, are computed by ``cnn_blog.demos.maxpooling2d`` (with
``cnn_blog.layers.MaxPooling2D``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "input": "入力（{h}×{w}）",
        "output": "出力（{h}×{w}）",
        "arrow": "2×2 ごとに\n最大値",
        "relu_map": "ReLU 後の特徴マップ",
        "pooled": "最大プーリング {k} 回",
        "size": "{h}×{w}",
    },
    "en": {
        "input": "input ({h}×{w})",
        "output": "output ({h}×{w})",
        "arrow": "max of each\n2×2 block",
        "relu_map": "feature map after ReLU",
        "pooled": "max pooling × {k}",
        "size": "{h}×{w}",
    },
}

# One pale colour per 2 x 2 block, the same in the input and in the output cell it becomes.
BLOCK_COLORS = np.array(
    [[[0.80, 0.88, 1.00], [1.00, 0.86, 0.72]],
     [[0.82, 0.95, 0.80], [0.93, 0.84, 0.98]]]
)


def _cells(ax, values, colors, bold=None):
    """Draw a matrix as coloured cells (colors: (rows, cols, 3)) with its numbers; bold: bool mask of
    the cells to frame and enlarge."""
    rows, cols = values.shape
    ax.imshow(colors)
    for r in range(rows):
        for c in range(cols):
            strong = bold is not None and bold[r, c]
            ax.text(c, r, f"{values[r, c]:g}", ha="center", va="center", fontsize=14 if strong else 11)
            if strong:
                ax.add_patch(Rectangle((c - 0.45, r - 0.45), 0.9, 0.9, fill=False, edgecolor="black",
                                       linewidth=1.5))
    ax.set_xticks(np.arange(-0.5, cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, rows, 1), minor=True)
    ax.grid(which="minor", color="gray", linewidth=0.8)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    for spine in ax.spines.values():
        spine.set_visible(False)


def make_pool_blocks(lang: str, x, out):
    """The 4x4 map x in four coloured 2x2 blocks, each block's maximum in bold, and the 2x2 result out
    (``MaxPooling2D(pool_size=(2, 2))`` of x)."""
    t = LABELS[check_lang(lang)]
    if x.shape != (4, 4) or out.shape != (2, 2):
        raise ValueError(f"the figure draws a (4, 4) map and its (2, 2) result, got {x.shape} and {out.shape}")
    colors = BLOCK_COLORS.repeat(2, axis=0).repeat(2, axis=1)  # (2, 2, 3) -> (4, 4, 3): one colour per block
    # The winner of each block: the first cell equal to the block's max (as MaxPooling2D.backward picks it).
    winners = np.zeros(x.shape, dtype=bool)
    for by in range(2):
        for bx in range(2):
            block = x[2 * by : 2 * by + 2, 2 * bx : 2 * bx + 2]
            r, c = np.unravel_index(np.argmax(block), block.shape)
            winners[2 * by + r, 2 * bx + c] = True
    with house_style(lang):
        fig, axes = plt.subplots(1, 3, figsize=(7.2, 3.0), gridspec_kw={"width_ratios": [4, 1.8, 2]})
        _cells(axes[0], x, colors, bold=winners)
        axes[0].set_title(t["input"].format(h=x.shape[0], w=x.shape[1]))
        _cells(axes[2], out, BLOCK_COLORS)
        axes[2].set_title(t["output"].format(h=out.shape[0], w=out.shape[1]))
        axes[1].set_axis_off()
        axes[1].annotate("", xy=(0.95, 0.5), xytext=(0.05, 0.5), xycoords="axes fraction",
                         arrowprops={"arrowstyle": "-|>", "linewidth": 2, "color": "black"})
        axes[1].text(0.5, 0.62, t["arrow"], ha="center", va="bottom", transform=axes[1].transAxes)
        fig.tight_layout()
    return fig


def make_pool_feature_map(lang: str, maps):
    """The feature map after ReLU, once pooled, twice pooled, ... (``maps``, as
    ``cnn_blog.demos.maxpooling2d.pooled_feature_maps`` returns them), drawn at the same size."""
    t = LABELS[check_lang(lang)]
    limit = float(np.percentile(maps[0], 99))  # one colour scale for all three
    with house_style(lang):
        fig, axes = plt.subplots(1, len(maps), figsize=(10, 2.9))
        for k, (ax, fmap) in enumerate(zip(axes, maps)):
            # 21 colour steps instead of 256: the same picture to the eye, a smaller PNG.
            ax.imshow(fmap, cmap=plt.get_cmap("Reds", 21), vmin=0, vmax=limit)
            title = t["relu_map"] if k == 0 else t["pooled"].format(k=k)
            ax.set_title(f"{title}\n{t['size'].format(h=fmap.shape[0], w=fmap.shape[1])}")
            ax.set_axis_off()
        fig.tight_layout()
    return fig
