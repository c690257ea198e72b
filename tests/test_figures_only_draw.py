"""Figures only draw what they are given: the computations a page teaches live in cnn_blog.demos
(or the library), in code the page shows, never behind a plotting call."""

from __future__ import annotations

import ast

from conftest import ROOT

FORBIDDEN = ("cnn_blog.train", "cnn_blog.numpy_model", "cnn_blog.data", "cnn_blog.demos")


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):  # imports inside functions count too
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_figure_modules_import_no_training_model_data_or_demo_code():
    offenders = {}
    modules = sorted((ROOT / "cnn_blog" / "figures").glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        bad = sorted(m for m in imported_modules(path) if m.startswith(FORBIDDEN) or m in ("keras", "tensorflow"))
        if bad:
            offenders[path.name] = bad
    assert not offenders, f"figure modules that compute instead of drawing: {offenders}"


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    path = tmp_path / "fake.py"
    path.write_text("def f():\n    from cnn_blog.data import load_mnist_5k\n    return load_mnist_5k()\n")
    assert "cnn_blog.data" in imported_modules(path)
