"""Figures of part 2, Conv2D (``docs/02-conv2d.*.md``).

Every number drawn in a grid is computed here by ``cnn_blog.layers`` (``Conv2D`` and its loop twin
``conv2d_naive``), never typed in.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from cnn_blog import data
from cnn_blog.figures.style import check_lang, house_style
from cnn_blog.layers import Conv2D, conv2d_naive

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

# A tiny gray image: a bright vertical bar (column 3) on a dark ground, so a vertical-edge filter
# has an edge to find on each side of it. Small whole numbers (int arrays) keep the arithmetic easy
# to follow by hand.
SMALL_IMAGE = np.array(
    [
        [0, 0, 1, 3, 2],
        [0, 1, 2, 3, 1],
        [0, 0, 1, 3, 0],
        [1, 0, 2, 3, 1],
        [0, 0, 1, 2, 0],
    ]
)

# A vertical-edge filter: right column minus left column, positive where brightness grows to the
# right (the bar's left edge) and negative where it drops (its right edge).
SMALL_KERNEL = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])

# Edge filters for the photo, each (3, 3). Sobel filters weigh the middle row (or column) twice.
EDGE_FILTERS = {
    "vertical": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float64),
    "horizontal": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], dtype=np.float64),
    "diagonal": np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], dtype=np.float64),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64),
}


def small_example(padding: str = "valid") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``SMALL_IMAGE`` convolved with ``SMALL_KERNEL`` (bias 0), twice: loop by loop and vectorized.

    Returns (x (5, 5), kernel (3, 3), out_naive, out_layer), the outputs (3, 3) for "valid" and
    (5, 5) for "same". Both come from ``cnn_blog.layers``; they must agree.
    """
    x = SMALL_IMAGE.reshape(1, 5, 5, 1)  # (h, w) -> (n=1, h, w, c_in=1)
    kernel = SMALL_KERNEL.reshape(3, 3, 1, 1)  # (kh, kw) -> (kh, kw, c_in=1, filters=1)
    bias = np.zeros(1)
    naive = conv2d_naive(x, kernel, bias, padding=padding)[0, :, :, 0]  # (1, h_out, w_out, 1) -> (h_out, w_out)
    layer = Conv2D(1, (3, 3), padding=padding)
    layer.set_weights([kernel, bias])
    vectorized = layer.forward(x)[0, :, :, 0]
    return SMALL_IMAGE, SMALL_KERNEL, naive, vectorized


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


def make_sliding_window(lang: str, position: tuple[int, int] = (1, 0)):
    """Input with the 3x3 window at ``position``, the filter, and the output with that cell marked."""
    t = LABELS[check_lang(lang)]
    x, kernel, _, out = small_example()
    row, col = position
    with house_style(lang):
        fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.0), gridspec_kw={"width_ratios": [5, 3, 3]})
        _grid(axes[0], x, cmap="Blues")
        _box(axes[0], row, col, 3, WINDOW_COLOR)
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


def make_window_frames(lang: str, steps=(1, 2, 3, 4, 9)):
    """A frame strip: for each step (1 = first position), the window on the input (top) and the
    output filled in up to that position (bottom)."""
    t = LABELS[check_lang(lang)]
    x, _, _, out = small_example()
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
            _box(axes[0, k], row, col, 3, WINDOW_COLOR)
            _grid(axes[1, k], out, cmap="RdBu_r", shown=shown, limit=np.abs(out).max())
            _box(axes[1, k], row, col, 1, WINDOW_COLOR)
            axes[0, k].set_title(t["last" if step == len(order) else "step"].format(k=step))
        fig.tight_layout()
    return fig


def edge_feature_maps(image: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The photo and the feature maps of ``EDGE_FILTERS``, all four from one Conv2D(4, (3, 3)).

    image: (h, w) gray in [0, 1], by default ``data.chelsea_gray()``.
    Returns (image (h, w), kernel (3, 3, 1, 4), maps (h - 2, w - 2, 4)). ``padding="valid"``: zero
    padding would draw false edges along the photo's border.
    """
    if image is None:
        image = data.chelsea_gray()
    kernel = np.stack(list(EDGE_FILTERS.values()), axis=-1)[:, :, np.newaxis, :]  # 4 x (3, 3) -> (3, 3, 1, 4)
    conv = Conv2D(len(EDGE_FILTERS), (3, 3), padding="valid")
    conv.set_weights([kernel, np.zeros(len(EDGE_FILTERS))])
    x = image.reshape(1, *image.shape, 1)  # (h, w) -> (n=1, h, w, c=1)
    maps = conv.forward(x)[0]  # (1, h - 2, w - 2, 4) -> (h - 2, w - 2, 4)
    return image, kernel, maps


def make_edge_filters(lang: str):
    """Top: each edge filter's 3x3 numbers; bottom: the photo, then each filter's feature map."""
    t = LABELS[check_lang(lang)]
    image, kernel, maps = edge_feature_maps()
    names = list(EDGE_FILTERS)
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
