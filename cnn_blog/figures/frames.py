"""Frames of the site's interactive figures: one small image per setting of a slider.

Each ``make_*_frame`` draws one frame of what ``cnn_blog.demos.frames`` computed and returns a
Figure; ``save_frame`` writes it as a small PNG (a palette of a few dozen colours, no date or software
stamp), so that every frame of a figure together stays within the page-weight budget. The feature-map
frames are one image pixel per value (the page scales them up with ``image-rendering: pixelated``) and
carry no words; the chart frames are labelled in the page's language.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from cnn_blog.figures.adam import COLORS as PATH_COLORS
from cnn_blog.figures.adam import LABELS as ADAM_LABELS
from cnn_blog.figures.softmax import LABELS as SOFTMAX_LABELS
from cnn_blog.figures.softmax import OTHER_COLOR, PREDICTED_COLOR
from cnn_blog.figures.style import check_lang, house_style, use_shipped_fonts

CANVAS_GRAY = (224, 224, 224)  # the part of the input a smaller output does not cover
DROPPED_BLUE = matplotlib.colors.to_rgb("tab:blue")
LEVELS = 31  # colours of a feature-map frame's scale: with the canvas or blue, 32 in all, kept exactly by save_frame


def _pixel_figure(rgb: np.ndarray) -> Figure:
    """A figure exactly as many pixels as ``rgb`` (h, w, 3) in [0, 1], one pixel per value."""
    h, w = rgb.shape[:2]
    fig = Figure(figsize=(w / 100, h / 100), dpi=100)
    FigureCanvasAgg(fig)
    fig.figimage(rgb, xo=0, yo=0, origin="upper", resize=False)
    return fig


def make_conv_frame(out, canvas_hw: tuple[int, int], limit: float) -> Figure:
    """One feature map at its own size, top left on a gray canvas the size of the input.

    out (h_out, w_out): a Conv2D output; canvas_hw: the input's (h, w), so a smaller output leaves
    gray; limit: the value drawn deepest red (and -limit deepest blue), the same for every frame
    that is compared. Red is positive, blue negative, as in the page's edge-filter figure.
    """
    out = np.asarray(out, dtype=np.float64)
    h, w = canvas_hw
    if out.ndim != 2 or out.shape[0] > h or out.shape[1] > w:
        raise ValueError(f"out must be a 2-D map no larger than the canvas {canvas_hw}, got {out.shape}")
    if not limit > 0:
        raise ValueError(f"limit must be positive, got {limit}")
    rgb = np.empty((h, w, 3))
    rgb[:] = np.array(CANVAS_GRAY) / 255
    colors = matplotlib.colormaps["RdBu_r"].resampled(LEVELS)(np.clip(out / (2 * limit) + 0.5, 0, 1))[..., :3]
    rgb[: out.shape[0], : out.shape[1]] = colors
    return _pixel_figure(rgb)


def make_dropout_frame(out, keep, limit: float) -> Figure:
    """A feature map after dropout: kept values in reds (0 white, ``limit`` and above deepest red),
    dropped places blue, as in the page's mask figure. out, keep: (h, w), keep True where kept."""
    out, keep = np.asarray(out, dtype=np.float64), np.asarray(keep, dtype=bool)
    if out.ndim != 2 or keep.shape != out.shape:
        raise ValueError(f"out and keep must be the same 2-D shape, got {out.shape} and {keep.shape}")
    if not limit > 0:
        raise ValueError(f"limit must be positive, got {limit}")
    rgb = matplotlib.colormaps["Reds"].resampled(LEVELS)(np.clip(out / limit, 0, 1))[..., :3]
    rgb[~keep] = DROPPED_BLUE
    return _pixel_figure(rgb)


def make_temperature_frame(lang: str, probabilities, temperature: float, class_names) -> Figure:
    """The softmax of one image's scores at one temperature, as bars (the largest one blue).

    probabilities (classes,), summing to 1; temperature: what the scores were divided by (the title).
    """
    t = SOFTMAX_LABELS[check_lang(lang)]
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim != 1 or len(p) != len(class_names):
        raise ValueError(f"probabilities must be one per class ({len(class_names)}), got shape {p.shape}")
    top = int(np.argmax(p))
    colors = [OTHER_COLOR] * len(p)
    colors[top] = PREDICTED_COLOR
    with house_style(lang):
        fig = Figure(figsize=(4.8, 2.5), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.bar(range(len(p)), p, color=colors)
        ax.text(top, p[top] + 0.02, f"{p[top]:.3f}", ha="center", va="bottom", fontsize=9)
        ax.set_ylim(0, 1.12)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_xticks(range(len(p)), class_names)
        ax.set_xlabel(t["digit"])
        ax.set_ylabel(t["probability"])
        ax.set_title(t["temperature"].format(T=temperature))
        fig.tight_layout()
    return fig


def make_learning_rate_frame(lang: str, paths: dict, learning_rate: float, loss) -> Figure:
    """The optimizers' paths on the loss surface's contour lines, in one chart.

    paths: {name: (steps + 1, 2) array of (w1, w2), the start first}, names as in
    ``cnn_blog.figures.adam.COLORS``; loss: the surface, (..., 2) -> (...), drawn as contour lines.
    A path that leaves the chart (gradient descent above its largest stable rate) is cut at its edge.
    """
    t = ADAM_LABELS[check_lang(lang)]
    w1, w2 = np.meshgrid(np.linspace(-7, 2, 181), np.linspace(-2.2, 2.2, 89))  # (89, 181) each
    surface = loss(np.stack([w1, w2], axis=-1))  # (89, 181)
    with house_style(lang):
        fig = Figure(figsize=(6.4, 3.3), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.contour(w1, w2, surface, levels=np.geomspace(0.01, 16, 12), colors="0.7", linewidths=0.6)
        for name, path in paths.items():
            path = np.asarray(path, dtype=np.float64)
            ax.plot(path[:, 0], path[:, 1], color=PATH_COLORS.get(name, "black"), marker="o", markersize=2.2,
                    linewidth=1.2, label=t["names"].get(name, name))
        first = np.asarray(next(iter(paths.values())))[0]
        ax.plot(*first, marker="s", color="black", markersize=6, linestyle="none", label=t["start"])
        ax.plot(0, 0, marker="*", color="black", markersize=11, linestyle="none", label=t["minimum"])
        ax.set_xlim(-7, 2)
        ax.set_ylim(-2.2, 2.2)
        ax.set_aspect("equal")
        ax.grid(False)
        ax.set_xlabel(t["w1"])
        ax.set_ylabel(t["w2"])
        ax.set_title(f"learning_rate = {learning_rate:g}")  # the argument's name, the same in both languages
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8, frameon=False)
        fig.tight_layout()
    return fig


def save_frame(fig: Figure, path, colors: int = 64) -> Path:
    """Write ``fig`` as a PNG of at most ``colors`` colours (no date or software stamp: same bytes
    on every build). A frame with no more colours than that keeps every colour exactly."""
    path = Path(path)
    if path.suffix != ".png":
        raise ValueError(f"frames are .png files, got {path.name}")
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be 2 to 256, got {colors}")
    use_shipped_fonts()
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())  # (h, w, 4) uint8
    image = Image.fromarray(rgba[..., :3].copy(), "RGB")
    image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path
