"""Which extra to install when an optional dependency is missing.

``pip install cnn-blog`` gives the NumPy library alone; ``cnn_blog.data`` loads with scikit-image,
scikit-learn, mlxtend and Pillow (the ``data`` extra), ``cnn_blog.figures`` draws with Matplotlib
(``figures``) and ``cnn_blog.train`` runs Keras (``keras``). Without them Python would say only
``No module named 'skimage'``; inside ``needs(extra, what)`` that error names the extra and the
``pip install`` line that brings it.
"""

from __future__ import annotations

import contextlib

# The modules each extra brings (import names, not distribution names).
EXTRAS = {
    "data": ("skimage", "sklearn", "mlxtend", "PIL"),
    "figures": ("matplotlib", "matplotlib_fontja"),
    "keras": ("keras", "tensorflow"),
}


@contextlib.contextmanager
def needs(extra: str, what: str):
    """Re-raise a ``ModuleNotFoundError`` for one of ``extra``'s modules with the line that installs it."""
    try:
        yield
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in EXTRAS[extra]:
            raise
        raise ModuleNotFoundError(
            f"{what} needs {top}, which the '{extra}' extra installs: pip install \"cnn-blog[{extra}]\"",
            name=exc.name) from exc
