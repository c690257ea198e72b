"""Figures of part 11, Adam (``docs/11-adam.*.md``).

The paths and step sizes are computed by the page's snippets (``snippets/11_adam/``) with the update
rules and the loss surface of ``cnn_blog.demos.adam``, and handed to the ``make_*`` functions here,
which only draw them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from cnn_blog.figures.style import check_lang, house_style

LABELS = {
    "ja": {
        "w1": "w1（なだらかな向き）",
        "w2": "w2（急な向き）",
        "start": "出発点",
        "minimum": "最小値",
        "final_loss": "{n} ステップ後の損失 {loss}",
        "step": "ステップ",
        "step_size": "1 ステップの移動量（対数目盛）",
        "weight": "重みの値",
        "scale": "勾配の大きさ ×{s:g}",
        "target": "最小値の位置",
        "overlap": "3 本の線は重なっています",
        "names": {"SGD": "勾配降下法", "momentum": "モーメンタム", "RMSprop": "RMSProp", "Adam": "Adam"},
        "title": "{name}（学習率 {lr:g}）",
    },
    "en": {
        "w1": "w1 (the gentle direction)",
        "w2": "w2 (the steep direction)",
        "start": "start",
        "minimum": "minimum",
        "final_loss": "loss after {n} steps: {loss}",
        "step": "step",
        "step_size": "distance moved per step (log scale)",
        "weight": "value of the weight",
        "scale": "gradient scale ×{s:g}",
        "target": "where the minimum is",
        "overlap": "the three lines lie on top of each other",
        "names": {"SGD": "gradient descent", "momentum": "momentum", "RMSprop": "RMSProp", "Adam": "Adam"},
        "title": "{name} (learning rate {lr:g})",
    },
}

COLORS = {"SGD": "tab:red", "momentum": "tab:orange", "RMSprop": "tab:green", "Adam": "tab:blue"}
SCALE_STYLES = [("tab:purple", "-"), ("tab:olive", "--"), ("tab:cyan", ":")]


def make_paths(lang: str, paths: dict, learning_rates: dict, loss):
    """One panel per optimizer: the loss surface's contour lines and the optimizer's path on it.

    paths: {name: (steps + 1, 2) array of (w1, w2), the start first}; learning_rates: {name: float};
    loss: the surface, a function (..., 2) -> (...) such as ``cnn_blog.demos.adam.surface_loss``,
    drawn as contour lines and written at each path's end.
    """
    t = LABELS[check_lang(lang)]
    w1, w2 = np.meshgrid(np.linspace(-7, 2, 181), np.linspace(-2, 2, 81))  # (81, 181) each
    surface = loss(np.stack([w1, w2], axis=-1))  # (81, 181)
    levels = np.geomspace(0.01, 16, 12)
    with house_style(lang):
        fig, axes = plt.subplots(2, 2, figsize=(10, 5.6), sharex=True, sharey=True)
        for ax, (name, path) in zip(axes.flat, paths.items()):
            ax.contour(w1, w2, surface, levels=levels, colors="0.6", linewidths=0.6)
            ax.plot(path[:, 0], path[:, 1], color=COLORS.get(name, "black"), marker="o", markersize=2.5,
                    linewidth=1.2)
            ax.plot(*path[0], marker="s", color="black", markersize=6, label=t["start"])
            ax.plot(0, 0, marker="*", color="black", markersize=11, label=t["minimum"])
            final = f"{loss(path[-1]):.4f}"
            ax.set_title(t["title"].format(name=t["names"].get(name, name), lr=learning_rates[name]) + "\n"
                         + t["final_loss"].format(n=len(path) - 1, loss=final), fontsize=10)
            ax.set_aspect("equal")
            ax.grid(False)
        for ax in axes[1]:
            ax.set_xlabel(t["w1"])
        for ax in axes[:, 0]:
            ax.set_ylabel(t["w2"])
        axes[0, 0].legend(loc="lower right", fontsize=8)
    return fig


def make_step_sizes(lang: str, scales, runs: dict, target: float, learning_rate: float):
    """Top: how far each weight moved in each step; bottom: the weights themselves.
    One column per optimizer, one line per weight (each with its own gradient scale).

    scales: (k,) gradient scales; runs: {name: (weights (steps + 1, k), steps (steps, k))}.
    """
    t = LABELS[check_lang(lang)]
    with house_style(lang):
        fig, axes = plt.subplots(2, len(runs), figsize=(10, 6), sharex=True, sharey="row")
        for column, (name, (weights, steps)) in enumerate(runs.items()):
            top, bottom = axes[0, column], axes[1, column]
            x = np.arange(1, len(steps) + 1)
            for i, scale in enumerate(scales):
                color, style = SCALE_STYLES[i % len(SCALE_STYLES)]
                label = t["scale"].format(s=scale)
                moved = np.where(steps[:, i] > 0, steps[:, i], np.nan)  # log scale: leave out exact zeros
                top.plot(x, moved, color=color, linestyle=style, linewidth=2, label=label)
                bottom.plot(np.arange(len(weights)), weights[:, i], color=color, linestyle=style,
                            linewidth=2, label=label)
            bottom.axhline(target, color="black", linewidth=0.8, label=t["target"])
            top.set_yscale("log")
            top.set_ylim(1e-8, 1)
            top.set_title(t["title"].format(name=t["names"].get(name, name), lr=learning_rate))
            bottom.set_xlabel(t["step"])
            if np.allclose(steps, steps[:, :1], rtol=1e-2, atol=0):  # the lines coincide
                top.text(0.5, 0.1, t["overlap"], transform=top.transAxes, ha="center", fontsize=9)
        axes[0, 0].set_ylabel(t["step_size"])
        axes[1, 0].set_ylabel(t["weight"])
        axes[0, 0].legend(fontsize=8, loc="lower right")
        axes[1, 0].legend(handles=axes[1, 0].get_lines()[-1:], fontsize=8, loc="center right")
    return fig
