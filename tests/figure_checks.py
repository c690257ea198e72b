"""Shared test helper: a figure's labels are in the page's language and every glyph exists."""

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font


def assert_labels_have_glyphs(fig, lang: str) -> str:
    """Japanese only in the Japanese figure, and every character drawn with a font that has it.
    Returns the figure's text, joined, for further checks."""
    fig.canvas.draw()
    texts = [t for t in fig.findobj(lambda o: hasattr(o, "get_text") and hasattr(o, "get_fontproperties"))
             if t.get_text().strip()]
    joined = "".join(t.get_text() for t in texts)
    assert bool([c for c in joined if "\u3040" <= c <= "\u9fff"]) == (lang == "ja"), joined
    for t in texts:
        font = FT2Font(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False))
        missing = [c for c in t.get_text() if not c.isspace() and font.get_char_index(ord(c)) == 0]
        assert not missing, f"{t.get_text()!r}: no glyph for {missing} in {font.fname}"
    return joined


def count_colour(png_path, hex_colour: str, tolerance: int = 12) -> int:
    """How many pixels of the PNG at ``png_path`` have ``hex_colour`` ("#b2182b"), within ``tolerance``
    per channel (antialiasing blends edges): a check that something was drawn in that colour."""
    import matplotlib.image
    import numpy as np

    pixels = matplotlib.image.imread(str(png_path))[..., :3] * 255
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - target) <= tolerance).all(axis=-1).sum())
