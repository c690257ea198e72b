"""The house style every figure shares: fonts per language, sizes, deterministic files."""

from __future__ import annotations

import contextlib
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (registers IPAexGothic with matplotlib)

LANGS = ("ja", "en")

_FONTS = {"ja": ["IPAexGothic"], "en": ["DejaVu Sans"]}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


@contextlib.contextmanager
def house_style(lang: str):
    """Fonts and sizes shared by every figure; the font decides at creation time."""
    with plt.rc_context(
        {
            "font.family": _FONTS[check_lang(lang)],
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": "cnn-blog",  # stable ids inside SVG files
            "image.interpolation": "nearest",
        }
    ):
        yield


def save_figure(fig, path) -> Path:
    """Write ``fig`` to ``path`` (.svg or .png) with no date or software stamp, then close it."""
    path = Path(path)
    if path.suffix == ".svg":
        metadata = {"Date": None, "Creator": None}
    elif path.suffix == ".png":
        metadata = {"Software": None}
    else:
        raise ValueError(f"figure files are .svg or .png, got {path.name}")
    with plt.rc_context({"svg.hashsalt": "cnn-blog"}):
        fig.savefig(path, metadata=metadata, bbox_inches="tight")
    plt.close(fig)
    return path


