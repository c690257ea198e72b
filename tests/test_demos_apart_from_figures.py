"""The computations of parts 1-6 and the home page (``cnn_blog.demos``) stand apart from their figures.

``tests/test_figures_only_draw.py`` reads the figure modules' imports; here the same is checked at run
time (importing every figure module loads no computing module), the ``cnn_blog.figures`` shortcuts
offer figures only, and each computation module a page embeds loads neither TensorFlow nor
Matplotlib when imported: a reader who follows an import lands in NumPy code.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

FIGURES = sorted(p.stem for p in (ROOT / "cnn_blog" / "figures").glob("*.py") if p.stem != "__init__")
COMPUTING = ("cnn_blog.train", "cnn_blog.numpy_model", "cnn_blog.data", "keras", "tensorflow")


def loaded_after(imports: str, watched) -> list[str]:
    code = f"import sys; import {imports}; print(sorted(m for m in {tuple(watched)!r} if m in sys.modules))"
    return eval(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                               cwd=ROOT).stdout)


def test_importing_every_figure_module_loads_no_computing_module():
    assert loaded_after(", ".join(f"cnn_blog.figures.{name}" for name in FIGURES), COMPUTING) == []


def test_the_check_sees_a_computing_module_load():
    assert loaded_after("cnn_blog.demos.relu", COMPUTING) == ["cnn_blog.data"]


def test_the_figures_package_offers_no_computation():
    """Every shortcut of ``cnn_blog.figures`` is a figure (``make_…``) or the house style."""
    import cnn_blog.figures as figures

    names = [name for name, module in figures._LAZY.items() if module != "style"]
    assert names and [name for name in names if not name.startswith("make_")] == []


@pytest.mark.parametrize("name", ["dataset", "conv2d", "relu", "maxpooling2d", "dropout", "flatten_dense", "overview",
                                  "crossentropy", "compile", "batch_size", "adam", "training",
                                  "why_convolution"])
def test_computation_module_loads_no_tensorflow_and_no_matplotlib(name):
    assert loaded_after(f"cnn_blog.demos.{name}", ("tensorflow", "keras", "matplotlib")) == []
