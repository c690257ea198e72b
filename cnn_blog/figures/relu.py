"""Figures of part 3, ReLU (``docs/03-relu.*.md``)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog import data
from cnn_blog.figures.style import check_lang, house_style
from cnn_blog.layers import Conv2D, ReLU

LABELS = {
    "ja": {
        "input": "入力 x",
        "output": "出力 f(x)",
        "relu_title": "ReLU: f(x) = max(0, x)",
        "photo": "元の写真（chelsea）",
        "feature_map": "Conv2D の特徴マップ",
        "after_relu": "ReLU 適用後",
        "negative": "負",
        "positive": "正",
    },
    "en": {
        "input": "input x",
        "output": "output f(x)",
        "relu_title": "ReLU: f(x) = max(0, x)",
        "photo": "original photo (chelsea)",
        "feature_map": "Conv2D feature map",
        "after_relu": "after ReLU",
        "negative": "negative",
        "positive": "positive",
    },
}

# A vertical-edge filter (Sobel): bright-to-dark edges give positive numbers, dark-to-bright
# edges negative ones, so ReLU has something to cut.
EDGE_KERNEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])


def make_relu_graph(lang: str):
    """The ReLU function on [-4, 4]: flat at 0 for negative input, the identity after."""
    t = LABELS[check_lang(lang)]
    x = np.linspace(-4, 4, 161)
    y = ReLU().forward(x)
    with house_style(lang):
        fig, ax = plt.subplots(figsize=(5, 3.4))
        ax.plot(x, y, color="tab:blue", linewidth=2.5)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(t["input"])
        ax.set_ylabel(t["output"])
        ax.set_title(t["relu_title"])
        ax.set_xlim(-4, 4)
        ax.set_ylim(-1, 4)
    return fig


def relu_feature_map(image: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The photo, one Conv2D feature map of it (``EDGE_KERNEL``), and that map after ReLU.

    image: (h, w) gray in [0, 1], by default ``data.chelsea_gray()``.
    Returns (image (h, w), feature_map (h - 2, w - 2), relu_map (h - 2, w - 2)). ``padding="valid"``:
    zero padding would draw false edges along the photo's border.
    """
    if image is None:
        image = data.chelsea_gray()
    conv = Conv2D(1, (3, 3), padding="valid")
    conv.set_weights([EDGE_KERNEL.reshape(3, 3, 1, 1), np.zeros(1)])  # (kh, kw, c_in, filters)
    x = image.reshape(1, *image.shape, 1)  # (h, w) -> (n=1, h, w, c=1)
    fmap = conv.forward(x)[0, :, :, 0]  # (1, h - 2, w - 2, 1) -> (h - 2, w - 2)
    return image, fmap, ReLU().forward(fmap)


def make_relu_feature_maps(lang: str):
    """Side by side: the photo, its Conv2D feature map (blue < 0 < red), and the map after ReLU."""
    t = LABELS[check_lang(lang)]
    image, fmap, rmap = relu_feature_map()
    # Colour scale: symmetric around 0, clipped at the 99th percentile so that the few strongest
    # edges do not wash everything else out.
    limit = float(np.percentile(np.abs(fmap), 99))
    with house_style(lang):
        fig, axes = plt.subplots(1, 3, figsize=(10, 2.9))
        axes[0].imshow(image, cmap="gray", vmin=0, vmax=1)
        axes[0].set_title(t["photo"])
        im = axes[1].imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[1].set_title(t["feature_map"])
        axes[2].imshow(rmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[2].set_title(t["after_relu"])
        for ax in axes:
            ax.set_axis_off()
        bar = fig.colorbar(im, ax=axes[1:], shrink=0.85, ticks=[-limit, 0, limit])
        bar.ax.set_yticklabels([t["negative"], "0", t["positive"]])
    return fig
