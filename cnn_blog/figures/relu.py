"""Figures of part 3, ReLU (``docs/03-relu.*.md``).

They draw the arrays they are given; ``cnn_blog.demos.relu`` computes the feature maps.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

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
        "all_title": "元の連載のモデルの最初の Conv2D（学習前）の特徴マップ 32 枚に ReLU を適用した結果（黒が 0）",
        "map": "{n}：0 が {zero:.0%}",
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
        "all_title": "ReLU on all 32 feature maps of the original series' first Conv2D (before training; black is 0)",
        "map": "{n}: {zero:.0%} zero",
    },
}


def make_relu_graph(lang: str, x, y):
    """The ReLU function: inputs x (n,) on [-4, 4] and ReLU's outputs y (n,), flat at 0 for negative input,
    the identity after."""
    t = LABELS[check_lang(lang)]
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


def make_relu_feature_maps(lang: str, image, fmap, rmap):
    """Side by side: the photo image (h, w), its Conv2D feature map fmap (blue < 0 < red) and the map after
    ReLU rmap (both (h - 2, w - 2)), as ``cnn_blog.demos.relu.relu_feature_map`` returns them."""
    t = LABELS[check_lang(lang)]
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


def make_relu_all_maps(lang: str, relu_maps, zero_share):
    """All feature maps of one layer after ReLU, 4 rows of 8: relu_maps (h, w, 32), each drawn on its own
    scale from 0 (black) to its largest value; zero_share (32,), the share of each map that is 0, in its title."""
    t = LABELS[check_lang(lang)]
    relu_maps, zero_share = np.asarray(relu_maps), np.asarray(zero_share)
    if relu_maps.ndim != 3 or relu_maps.shape[-1] != zero_share.shape[0] or relu_maps.shape[-1] % 8:
        raise ValueError(f"relu_maps must be (h, w, 8 * k) with one share per map, got {relu_maps.shape}, {zero_share.shape}")
    rows = relu_maps.shape[-1] // 8
    with house_style(lang):
        fig, axes = plt.subplots(rows, 8, figsize=(12, 1.75 * rows + 0.5))
        for n, ax in enumerate(axes.ravel()):
            top = float(relu_maps[:, :, n].max())
            ax.imshow(relu_maps[:, :, n], cmap="gray", vmin=0, vmax=top if top > 0 else 1)
            ax.set_title(t["map"].format(n=n + 1, zero=zero_share[n]), fontsize=8)
            ax.set_axis_off()
        fig.suptitle(t["all_title"], fontsize=10)
    return fig
