"""The house style every figure shares: fonts per language, sizes, deterministic files.

Fonts come only from pinned packages, found by file: Matplotlib's own (``mpl-data/fonts/ttf``:
DejaVu, STIX, Computer Modern) and matplotlib-fontja's IPAexGothic. Matplotlib otherwise looks a
family up in a font list it caches outside the project (``$MPLCONFIGDIR`` or ``~/.cache/matplotlib``)
together with every font the system has, so a system font of the same name, a stale cache (a font
file gone, the shipped fonts missing) or a cache rebuilt mid-run (which drops fonts added at run
time, matplotlib-fontja's included) would change a figure and print ``findfont: ...`` lines.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from cnn_blog._extras import needs

with needs("figures", "cnn_blog.figures"):
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

# matplotlib-fontja registers IPAexGothic with Matplotlib and, on import, also makes it the global
# default family. The house style names its families itself (house_style), so that global change is
# undone here: a reader's own figures after ``import cnn_blog.figures`` keep the family they had.
with matplotlib.rc_context():
    import matplotlib_fontja

LANGS = ("ja", "en")

SHIPPED_FONT_FILES = (
    *sorted(Path(matplotlib.get_data_path(), "fonts", "ttf").glob("*.ttf")),
    Path(matplotlib_fontja.get_font_ttf_path()),
)

_FONTS = {"ja": ["IPAexGothic"], "en": ["DejaVu Sans"]}

# Every setting below names only families of SHIPPED_FONT_FILES. The generic families resolve to
# DejaVu (``family="monospace"`` in a figure is DejaVu Sans Mono whatever the system has). Mathtext
# (log-scale tick labels are ``$\mathdefault{10^{-8}}$``) uses Matplotlib's DejaVu Sans set, its
# default: it draws with DejaVu Sans and the text's own font and, whatever ``mathtext.fallback``
# says, looks up its fallbacks by fixed names (STIXGeneral, STIXNonUnicode, STIXSize*Sym, cmr10, ...),
# all in mpl-data. It was that lookup of STIXGeneral in a stale font list that printed the
# ``findfont: Font family ['STIXGeneral'] not found`` lines into a notebook.
_SHARED_RC = {
    "font.sans-serif": ["DejaVu Sans"],
    "font.serif": ["DejaVu Serif"],
    "font.monospace": ["DejaVu Sans Mono"],
    "font.cursive": ["DejaVu Sans"],
    "font.fantasy": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 10,
    "svg.hashsalt": "cnn-blog",  # stable ids inside SVG files
}

_shipped_entries: list = []  # the font list's entries of SHIPPED_FONT_FILES, made once by addfont


def use_shipped_fonts() -> None:
    """Put the entries of SHIPPED_FONT_FILES first in Matplotlib's font list (cheap when they are).

    findfont takes the first best-scoring entry, so a family named by the house style (an exact
    match, scored 0) is always its shipped file, whatever else the list holds: a system font of the
    same name, a stale entry of a file that is gone (never reached, so no rebuild either), or
    nothing at all of Matplotlib's own fonts. Nothing is removed and no rcParams change, so a
    reader's own figures after ``import cnn_blog`` find their fonts as before: the shipped fonts win
    only ties, as they do in a freshly built font list, where Matplotlib scans its own fonts first.
    Fonts added at run time do not survive a rebuild of the list (Matplotlib rebuilds it when a
    lookup lands on a missing file), so house_style and save_figure call this again each time.
    """
    manager = font_manager.fontManager
    if not _shipped_entries:
        start = len(manager.ttflist)
        for path in SHIPPED_FONT_FILES:
            manager.addfont(path)
        _shipped_entries.extend(manager.ttflist[start:])
        del manager.ttflist[start:]
    head = manager.ttflist[: len(_shipped_entries)]
    if len(head) == len(_shipped_entries) and all(a is b for a, b in zip(head, _shipped_entries)):
        return
    ours = {id(entry) for entry in _shipped_entries}
    manager.ttflist[:] = [*_shipped_entries, *(e for e in manager.ttflist if id(e) not in ours)]
    font_manager.FontManager._findfont_cached.cache_clear()  # answers given for the old order


use_shipped_fonts()


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


@contextlib.contextmanager
def house_style(lang: str):
    """Fonts and sizes shared by every figure; the font decides at creation time."""
    check_lang(lang)
    use_shipped_fonts()
    with plt.rc_context(
        {
            **_SHARED_RC,
            "font.family": _FONTS[lang],
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "image.interpolation": "nearest",
        }
    ):
        yield


def save_figure(fig, path, colors: int | None = 256) -> Path:
    """Write ``fig`` to ``path`` (.svg or .png) with no date or software stamp, then close it.

    A PNG is stored with a palette, which takes about a quarter of the bytes (the pages' weight budget):
    exactly, changing no pixel, when it has at most 256 distinct colours (a colormap and white, say);
    quantized to ``colors`` when it has more (photos beside antialiased text; the shades lost are
    invisible at the size shown). ``colors=None`` keeps every colour of such a figure."""
    path = Path(path)
    if path.suffix == ".svg":
        metadata = {"Date": None, "Creator": None}
    elif path.suffix == ".png":
        metadata = {"Software": None}
    else:
        raise ValueError(f"figure files are .svg or .png, got {path.name}")
    use_shipped_fonts()
    with plt.rc_context(_SHARED_RC):  # what is read while drawing, whatever a reader set globally
        fig.savefig(path, metadata=metadata, bbox_inches="tight")
    plt.close(fig)
    if path.suffix == ".png":
        _palette_png(path, colors)
    return path


def _palette_png(path: Path, colors: int | None) -> None:
    """Rewrite the PNG at ``path`` with a palette: exact when it has at most 256 colours, else
    quantized to ``colors`` unless that is None. Pillow comes with Matplotlib."""
    import numpy as np
    from PIL import Image

    with Image.open(path) as image:
        rgba = image.convert("RGBA")
    pixels = np.asarray(rgba)
    table, index = np.unique(pixels.reshape(-1, 4), axis=0, return_inverse=True)
    if len(table) <= 256:
        paletted = Image.fromarray(index.reshape(pixels.shape[:2]).astype(np.uint8), mode="P")
        paletted.putpalette(table[:, :3].astype(np.uint8).tobytes())
        if (table[:, 3] < 255).any():
            paletted.info["transparency"] = table[:, 3].astype(np.uint8).tobytes()
    elif colors is not None:
        paletted = rgba.quantize(colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    else:
        return
    paletted.save(path, optimize=True, **({"transparency": paletted.info["transparency"]}
                                          if "transparency" in paletted.info else {}))
