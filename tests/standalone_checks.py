"""A snippet as a reader gets it, and a part's figure module only draws.

The site serves every snippet as a whole-file download; the reader saves it into some folder and runs
``python FILE.py`` with the package installed, perhaps again later in the same folder.

- ``assert_source_stands_alone``: no sibling import, no relative import, nothing found through
  ``__file__``, no path into the checkout in the code, and nothing imported from the repository but the
  ``cnn_blog`` package (``PYTHONPATH`` holds the project root in the build, so ``import benchmarks``
  would work there and fail for a reader).
- ``run_copy``: the file alone in a folder that already holds what an earlier run of it left there (the
  page's own files, dated 1970), run once through the build's warm worker (a fresh process, the build's
  environment, the project on ``PYTHONPATH`` only as the installed package). The site build's run is the
  first run in an empty folder; this one is the reader's second.
- ``assert_runs_as_a_copy``: that run prints exactly what the build's run printed (what the page shows),
  writes nothing to stderr, and writes every file again (none is a leftover) with the same bytes: every
  step's output, every figure and the numbers the prose quotes (``.values.json``). It is also the
  session's cold-run comparison of that snippet: a fresh run against the entry the page was built from.
- ``assert_figure_module_only_draws``: ``cnn_blog/figures/<name>.py`` imports Matplotlib, NumPy and the
  house style, nothing that computes what a page teaches.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
from pathlib import Path

from conftest import ROOT
from snippets_util import build_result, warm_worker

from cnn_blog._native_logs import drop_native_notes
from sitebuild.runner import SnippetRunner

# What a figure module may import: drawing, arrays, the house style.
FIGURE_IMPORTS = {"__future__", "matplotlib", "numpy", "cnn_blog.figures.style"}
LEFTOVER_TIME = 0  # the mtime given to an earlier run's files: one the run leaves alone keeps it


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


def assert_figure_module_only_draws(module: str) -> None:
    """``cnn_blog/figures/<module>.py`` imports only what draws; nothing of train, numpy_model, data,
    the layers, losses, optimizers or the demos."""
    path = ROOT / "cnn_blog" / "figures" / f"{module}.py"
    names = _imports(ast.parse(path.read_text(encoding="utf-8")))
    assert names, path
    for name in names:
        allowed = any(name == ok or name.startswith(ok + ".") for ok in FIGURE_IMPORTS)
        assert allowed, f"cnn_blog/figures/{module}.py imports {name}: a figure module only draws what it is given"


def assert_standalone(rel: str) -> None:
    """The snippet's source imports no sibling script and finds no file through its own path."""
    source = (ROOT / rel).read_text(encoding="utf-8")
    tree = ast.parse(source)
    siblings = {p.stem for p in (ROOT / rel).parent.glob("*.py")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{rel}:{node.lineno}: a relative import"
            names = [node.module.split(".")[0]]
        else:
            names = []
        for name in names:
            assert name not in siblings, f"{rel}:{node.lineno}: imports the sibling script {name}.py"
        if isinstance(node, ast.Name):
            assert node.id not in ("__file__", "ROOT"), f"{rel}:{node.lineno}: uses {node.id} to find a file"


def assert_source_stands_alone(rel: str) -> None:
    assert_standalone(rel)
    assert_stands_alone(rel)


def run_copy(rel: str, folder: Path) -> tuple[str, str, dict[str, tuple[bytes, bool]]]:
    """Copy ``rel`` alone into ``folder/copy``, put there the files the build's run wrote (dated
    1970, as an earlier run would have left them), and run it once.

    Returns (stdout, stderr, {file: (bytes, written by this run)}); a run that raises fails the test
    with the snippet's traceback."""
    runner = SnippetRunner(ROOT, "snippets", str(folder / "out"), str(folder / "cache"))
    built = build_result(rel)
    work = folder / "copy"
    work.mkdir()
    copy = work / Path(rel).name
    shutil.copyfile(ROOT / rel, copy)
    for name, path in built.files.items():
        shutil.copyfile(path, work / name)
        os.utime(work / name, (LEFTOVER_TIME, LEFTOVER_TIME))
    report, out_path, err_path = folder / "report.json", folder / "stdout", folder / "stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        code = warm_worker(runner).run("snippet", [str(copy), str(ROOT), str(report), "600"], str(work),
                                       out, err, 630)
    info = json.loads(report.read_text(encoding="utf-8"))
    stderr = drop_native_notes(err_path.read_text(encoding="utf-8")) + "".join(info["stderr"])
    assert code == 0 and not info["error"], f"{rel}, a copy run again:\n{info['error'] or stderr}"
    files = {p.name: (p.read_bytes(), p.stat().st_mtime != LEFTOVER_TIME) for p in work.iterdir() if p != copy}
    return out_path.read_text(encoding="utf-8"), stderr, files


def assert_runs_as_a_copy(rel: str, result) -> None:
    """``result`` (``run_copy``'s) is what the build's run gave, what the page shows: the same stdout,
    nothing on stderr, the same files, each written again by this run, byte for byte."""
    built = build_result(rel)  # the site build's run, from the project's cache
    stdout, stderr, files = result
    assert (stdout, stderr) == (built.stdout, ""), f"{rel}: a copy prints other than the page shows"
    assert sorted(files) == sorted(built.files), f"{rel}: other files than the build's run wrote"
    stale = [name for name, (_, written) in files.items() if not written]
    assert not stale, f"{rel}: did not write {stale} again; what the folder shows is an earlier run's"
    differing = [name for name, (data, _) in files.items() if data != built.files[name].read_bytes()]
    assert not differing, f"{rel}: {differing} differ from the page's"

