"""Every figure on the site: ``make_<name>(lang) -> Figure``, one module per part, one house style.

- ``cnn_blog.figures.style``: ``LANGS``, ``house_style(lang)``, ``save_figure(fig, path)`` — shared
  fonts (IPAexGothic from matplotlib-fontja for Japanese, so glyphs are real, never empty boxes),
  sizes, and .svg/.png files that are byte-identical from one run to the next.
- ``cnn_blog.figures.<part>``: that part's ``make_*`` functions and their ``LABELS`` in both languages.

This package imports no part module itself, so a snippet that uses one part's figures depends on that
module alone, and editing another part's figures re-runs none of its snippets at build time.
"""

import importlib

# Shortcuts (``from cnn_blog.figures import make_relu_graph``), imported only when asked for.
_LAZY = {
    "LANGS": "style", "check_lang": "style", "house_style": "style", "save_figure": "style",
    "EDGE_KERNEL": "relu", "make_relu_feature_maps": "relu", "make_relu_graph": "relu",
    "relu_feature_map": "relu",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'cnn_blog.figures' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cnn_blog.figures.{_LAZY[name]}"), name)
