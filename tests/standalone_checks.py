"""Parts 7-13: a snippet runs as a reader runs the file the page links to, and a part's figure module
only draws.

- ``assert_runs_as_a_copy``: the source stands alone (``snippet_copies.assert_standalone`` and
  ``assert_stands_alone``), and the file, copied alone into an empty folder and run there twice
  (``snippet_copies.run_copy``), prints exactly what the build's own run printed, writes nothing to
  stderr, and leaves the same files with the same bytes: every step's output, every figure and the
  numbers the prose quotes (``.values.json``).
- ``assert_stands_alone``: no path into the checkout in the code, and no import of anything that lives
  in the repository but the ``cnn_blog`` package (a sibling script, ``benchmarks``, ``tests``).
- ``assert_figure_module_only_draws``: ``cnn_blog/figures/<name>.py`` imports Matplotlib, NumPy and
  the house style, nothing that computes what a page teaches.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT
from snippet_copies import assert_standalone, run_copy

from sitebuild.runner import SnippetRunner

# What a figure module may import: drawing, arrays, the house style.
FIGURE_IMPORTS = {"__future__", "matplotlib", "numpy", "cnn_blog.figures.style"}


def part_snippets(folder: str) -> list[str]:
    """Every snippet of a part, e.g. ``part_snippets("07_softmax")``, as paths from the project root."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets" / folder).glob("*.py")
                  if not p.name.startswith("_"))


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


def assert_stands_alone(rel: str) -> None:
    """No string in the code names a folder of the checkout, and every import is either installed or
    ``cnn_blog`` (``PYTHONPATH`` holds the project root, so ``import benchmarks`` would work in the
    build and fail for a reader)."""
    snippet = ROOT / rel
    tree = ast.parse(snippet.read_text(encoding="utf-8"))
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}  # docstrings do nothing
    strings = [node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in bare]
    for folder in ("benchmarks/", "snippets/", "docs/", "tests/", "cnn_blog/", str(ROOT)):
        assert not any(folder in text for text in strings), f"{rel} names a path of the checkout ({folder!r})"
    for name in _imports(tree):
        top = name.split(".")[0]
        sibling = [p.name for p in snippet.parent.iterdir() if p.stem == top and p != snippet]
        assert not sibling, f"{rel} imports {name}, a file next to it ({sibling})"
        in_checkout = (ROOT / top).exists() or (ROOT / f"{top}.py").exists()
        assert top == "cnn_blog" or not in_checkout, f"{rel} imports {name} from the checkout, not the package"


def assert_runs_as_a_copy(rel: str, tmp_path: Path, runs: int = 2, results=None) -> None:
    """``rel`` stands alone, and a copy of it, run ``runs`` times in an empty folder, gives what the
    build's run gave (what the page shows): the same stdout, nothing on stderr, the same files byte
    for byte (step outputs, figures, values). ``results``: what ``run_copy(rel, tmp_path, runs)``
    returned when the runs were made beforehand (tests/test_snippets_standalone.py runs them two at a time)."""
    assert_standalone(rel)
    assert_stands_alone(rel)
    built = SnippetRunner(ROOT).run(ROOT / rel)  # the site build's run, from the project's cache
    for stdout, stderr, names in (results if results is not None else run_copy(rel, tmp_path, runs)):
        assert (stdout, stderr) == (built.stdout, ""), f"{rel}: a copy prints other than the page shows"
        assert sorted(set(names) - {Path(rel).name}) == sorted(built.files), f"{rel}: other files"
    for name, path in built.files.items():
        assert (tmp_path / "copy" / name).read_bytes() == path.read_bytes(), f"{rel}: {name} differs from the page's"


def assert_figure_module_only_draws(module: str) -> None:
    """``cnn_blog/figures/<module>.py`` imports only what draws; nothing of train, numpy_model, data,
    the layers, losses, optimizers or the demos."""
    path = ROOT / "cnn_blog" / "figures" / f"{module}.py"
    names = _imports(ast.parse(path.read_text(encoding="utf-8")))
    assert names, path
    for name in names:
        allowed = any(name == ok or name.startswith(ok + ".") for ok in FIGURE_IMPORTS)
        assert allowed, f"cnn_blog/figures/{module}.py imports {name}: a figure module only draws what it is given"
