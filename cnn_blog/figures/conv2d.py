"""Figures of part 2, Conv2D (``docs/02-conv2d.*.md``).

They draw the arrays they are given: every number in a grid and every feature map is computed by
``cnn_blog.demos.conv2d`` (with ``cnn_blog.layers``), never typed in here.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "input": "入力（{h}×{w}）",
        "kernel": "フィルタ（{h}×{w}）",
        "output": "出力（{h}×{w}）",
        "step": "{k} 番目の位置",
        "last": "{k} 番目（最後）の位置",
        "photo": "元の写真（chelsea）",
        "filter": "フィルタ",
        "feature_map": "特徴マップ",
        "vertical": "縦のエッジ",
        "horizontal": "横のエッジ",
        "diagonal": "斜めのエッジ",
        "laplacian": "輪郭（全方向）",
        "legend": "特徴マップの色\n赤：正　青：負",
    },
    "en": {
        "input": "input ({h}×{w})",
        "kernel": "filter ({h}×{w})",
        "output": "output ({h}×{w})",
        "step": "position {k}",
        "last": "position {k} (the last)",
        "photo": "original photo (chelsea)",
        "filter": "filter",
        "feature_map": "feature map",
        "vertical": "vertical edges",
        "horizontal": "horizontal edges",
        "diagonal": "diagonal edges",
        "laplacian": "all directions",
        "legend": "feature map colours\nred: positive\nblue: negative",
    },
}


def _grid(ax, values, cmap="Blues", shown=None, limit=None, fmt="{:g}"):
    """A small matrix drawn as light coloured cells with its numbers in them.

    cmap: a sequential map (``Blues``), or a diverging one (``RdBu_r``, ``PuOr``) centred on 0.
    shown: bool mask of the cells to fill (the rest stay empty). limit: the largest absolute value
    the colours are scaled for (default: the matrix's own). Colours use only the light part of the
    map so that black numbers stay readable on every cell.
    """
    values = np.asarray(values, dtype=float)
    shown = np.ones(values.shape, dtype=bool) if shown is None else shown
    limit = float(np.abs(values).max()) if limit is None else float(limit)
    limit = limit or 1.0
    if cmap in ("RdBu_r", "PuOr", "PiYG"):
        vmin, vmax = -1.8 * limit, 1.8 * limit  # 0 is white; the extremes stay pale
    else:
        vmin, vmax = 0.0, 1.8 * limit
    ax.imshow(np.where(shown, values, np.nan), cmap=cmap, vmin=vmin, vmax=vmax)
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            if shown[r, c]:
                ax.text(c, r, fmt.format(values[r, c]), ha="center", va="center", fontsize=11)
    ax.set_xticks(np.arange(-0.5, cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, rows, 1), minor=True)
    ax.grid(which="minor", color="gray", linewidth=0.8, alpha=0.8)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _box(ax, row, col, size, color):
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), size, size, fill=False, edgecolor=color, linewidth=3,
                           clip_on=False))


WINDOW_COLOR = "tab:red"


def make_sliding_window(lang: str, x, kernel, out, position: tuple[int, int] = (1, 0)):
    """Input x (h, w) with the window at ``position``, the filter kernel (kh, kw), and the output out
    (h - kh + 1, w - kw + 1) with that cell marked."""
    t = LABELS[check_lang(lang)]
    size = len(kernel)
    row, col = position
    with house_style(lang):
        fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.0), gridspec_kw={"width_ratios": [5, 3, 3]})
        _grid(axes[0], x, cmap="Blues")
        _box(axes[0], row, col, size, WINDOW_COLOR)
        _grid(axes[1], kernel, cmap="PuOr")
        _grid(axes[2], out, cmap="RdBu_r")
        _box(axes[2], row, col, 1, WINDOW_COLOR)
        for ax, key, values in zip(axes, ("input", "kernel", "output"), (x, kernel, out)):
            ax.set_title(t[key].format(h=values.shape[0], w=values.shape[1]))  # e.g. "input (5×5)"
        fig.tight_layout(w_pad=3)
        # The operators between the panels, centred in the gaps: input * filter = output
        for left, right, sign in ((axes[0], axes[1], "*"), (axes[1], axes[2], "=")):
            x0, x1 = left.get_position().x1, right.get_position().x0
            y = (left.get_position().y0 + left.get_position().y1) / 2
            fig.text((x0 + x1) / 2, y, sign, fontsize=22, ha="center", va="center")
    return fig


def window_positions(h_out: int = 3, w_out: int = 3) -> list[tuple[int, int]]:
    """The order the window visits the output cells: row by row, left to right."""
    return [(r, c) for r in range(h_out) for c in range(w_out)]


def make_window_frames(lang: str, x, out, steps=(1, 2, 3, 4, 9)):
    """A frame strip: for each step (1 = first position), the window on the input x (h, w) (top) and
    the output out (h_out, w_out) filled in up to that position (bottom)."""
    t = LABELS[check_lang(lang)]
    size = x.shape[0] - out.shape[0] + 1  # the window's side ('valid')
    order = window_positions(*out.shape)
    with house_style(lang):
        fig, axes = plt.subplots(2, len(steps), figsize=(2.0 * len(steps), 3.9),
                                 gridspec_kw={"height_ratios": [5, 3]})
        for k, step in enumerate(steps):
            row, col = order[step - 1]
            shown = np.zeros(out.shape, dtype=bool)
            for r, c in order[:step]:
                shown[r, c] = True
            _grid(axes[0, k], x, cmap="Blues")
            _box(axes[0, k], row, col, size, WINDOW_COLOR)
            _grid(axes[1, k], out, cmap="RdBu_r", shown=shown, limit=np.abs(out).max())
            _box(axes[1, k], row, col, 1, WINDOW_COLOR)
            axes[0, k].set_title(t["last" if step == len(order) else "step"].format(k=step))
        fig.tight_layout()
    return fig


def make_edge_filters(lang: str, names, image, kernel, maps):
    """Top: each edge filter's 3x3 numbers; bottom: the photo, then each filter's feature map.

    names: the filters' names (keys of ``LABELS``: vertical, horizontal, diagonal, laplacian); image
    (h, w), kernel (3, 3, 1, len(names)) and maps (h - 2, w - 2, len(names)), as
    ``cnn_blog.demos.conv2d.edge_feature_maps`` returns them.
    """
    t = LABELS[check_lang(lang)]
    names = list(names)
    with house_style(lang):
        fig = plt.figure(figsize=(11, 3.5))
        grid = fig.add_gridspec(2, len(names) + 1, height_ratios=[1, 1.45], hspace=0.25, wspace=0.08)
        photo = fig.add_subplot(grid[1, 0])
        photo.imshow(image, cmap="gray", vmin=0, vmax=1)
        photo.set_title(t["photo"])
        photo.set_axis_off()
        for k, name in enumerate(names):
            top = fig.add_subplot(grid[0, k + 1])
            _grid(top, kernel[:, :, 0, k], cmap="PuOr", limit=4)
            top.set_title(t[name])
            fmap = maps[:, :, k]
            # Symmetric around 0 (red positive, blue negative), clipped at the 99th percentile so
            # that a few strong edges do not wash out the rest.
            limit = float(np.percentile(np.abs(fmap), 99))
            bottom = fig.add_subplot(grid[1, k + 1])
            # 21 colour steps instead of 256: the same picture to the eye, a PNG half the size.
            bottom.imshow(fmap, cmap=plt.get_cmap("RdBu_r", 21), vmin=-limit, vmax=limit)
            bottom.set_title(t["feature_map"])
            bottom.set_axis_off()
        fig.text(0.13, 0.8, t["legend"], ha="center", va="center")
    return fig
