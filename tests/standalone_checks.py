"""A snippet as a reader gets it, and a part's figure module only draws.

The site serves every snippet as a whole-file download; the reader saves it into some folder and runs
``python FILE.py`` with the package installed, perhaps again later in the same folder.

- ``assert_source_stands_alone``: no sibling import, no relative import, nothing found through
  ``__file__``, no path into the checkout in the code, and nothing imported from the repository but the
  ``cnn_blog`` package (``PYTHONPATH`` holds the project root in the build, so ``import benchmarks``
  would work there and fail for a reader).
- ``run_copy``: the file alone in a folder that already holds what an earlier run of it left there (the
  page's own files, dated 1970), run once as a reader runs it: ``python FILE.py`` in a fresh interpreter,
  with none of the build's settings and the threads of a 4-core machine (``reader_env``). The site
  build's run is the first run in an empty folder; this one is the reader's second.
- ``assert_runs_as_a_copy``: that run prints exactly what the build's run printed (what the page shows),
  writes nothing to stderr and writes every file again (none is a leftover) with the same bytes: every
  step's output, every figure and the numbers the prose quotes (``.values.json``). So a reader's run
  gives the page's numbers (the promise every snippet makes: those that load TensorFlow call
  ``cnn_blog.reproduce.same_numbers_as_the_page()`` first), and it is the session's cold-run
  comparison of that snippet: a fresh run against the entry the page was built from.
- ``assert_figure_module_only_draws``: ``cnn_blog/figures/<name>.py`` imports Matplotlib, NumPy and the
  house style, nothing that computes what a page teaches.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from snippets_util import build_result

from cnn_blog._native_logs import drop_native_notes

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


# A reader's machine: none of the build's settings (sitebuild/environment.py FIXED), and as many threads
# for NumPy's BLAS and TensorFlow as a 4-core machine gives them. The thread count changes the last bits
# of a float32 sum; cnn_blog.reproduce.same_numbers_as_the_page(), which every snippet that loads
# TensorFlow calls first, sets it to the build's one.
READER_THREADS = "4"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")


def reader_env(home: Path) -> dict[str, str]:
    """The environment of a reader who runs ``python FILE.py``: the project's Python first on PATH (the
    package installed there), a home of their own, a UTF-8 locale, 4 threads; nothing else."""
    env = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
           "HOME": str(home), "LANG": "C.UTF-8"}
    if os.environ.get("TMPDIR"):
        env["TMPDIR"] = os.environ["TMPDIR"]
    env.update({name: READER_THREADS for name in THREAD_VARIABLES})
    return env


# The second line of TensorFlow's native note on the CPU instructions it was not built for (the first is
# a log line drop_native_notes takes out); printed when TF_CPP_MIN_LOG_LEVEL is not set, as for a reader.
CPU_GUARD_RE = re.compile(r"^To enable the following instructions: [\w ,.]+, in other operations, rebuild "
                          r"TensorFlow with the appropriate compiler flags\.\n?", re.M)


def run_copy(rel: str, folder: Path, home: Path) -> tuple[str, str, dict[str, tuple[bytes, bool]], bool]:
    """Copy ``rel`` alone into ``folder/copy``, put there the files the build's run wrote (dated
    1970, as an earlier run would have left them), and run it once as a reader does: ``python FILE.py``
    in a fresh interpreter with ``reader_env`` (``home`` is the reader's, shared by the runs of a session
    as a reader's is by their runs: Matplotlib's font cache is built once).

    Returns (stdout, stderr, {file: (bytes, written by this run)}, whether it loaded TensorFlow); a
    run that fails fails the test with the snippet's traceback."""
    built = build_result(rel)
    work = folder / "copy"
    work.mkdir()
    copy = work / Path(rel).name
    shutil.copyfile(ROOT / rel, copy)
    for name, path in built.files.items():
        shutil.copyfile(path, work / name)
        os.utime(work / name, (LEFTOVER_TIME, LEFTOVER_TIME))
    # -X importtime: Python lists every module it imports on stderr (taken out below), which tells
    # whether the run loaded TensorFlow; it changes nothing else
    proc = subprocess.run([sys.executable, "-X", "importtime", copy.name], cwd=work, env=reader_env(home),
                          capture_output=True, text=True, encoding="utf-8", timeout=900)
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    stderr = drop_native_notes("".join(line for line in proc.stderr.splitlines(keepends=True)
                                       if not line.startswith("import time:")))
    stderr = CPU_GUARD_RE.sub("", stderr)
    assert proc.returncode == 0, f"{rel}, run as a reader runs it:\n{stderr}"
    files = {p.name: (p.read_bytes(), p.stat().st_mtime != LEFTOVER_TIME) for p in work.iterdir() if p != copy}
    return proc.stdout, stderr, files, "tensorflow" in imported


def assert_runs_as_a_copy(rel: str, result) -> None:
    """``result`` (``run_copy``'s) is what the build's run gave, what the page shows: the same stdout,
    nothing on stderr, the same files, each written again by this run, byte for byte."""
    built = build_result(rel)  # the site build's run, from the project's cache
    stdout, stderr, files, loaded_tensorflow = result
    if loaded_tensorflow:
        assert_fixes_the_numbers_first(rel)
    assert stderr == "", f"{rel} wrote to stderr:\n{stderr}"
    assert stdout == built.stdout, f"{rel}: a reader's run prints other than the page shows:\n" + _diff(built.stdout, stdout)
    assert sorted(files) == sorted(built.files), f"{rel}: other files than the build's run wrote"
    stale = [name for name, (_, written) in files.items() if not written]
    assert not stale, f"{rel}: did not write {stale} again; what the folder shows is an earlier run's"
    differing = [name for name, (data, _) in files.items() if data != built.files[name].read_bytes()]
    texts = [_diff(built.files[name].read_text(encoding="utf-8"), files[name][0].decode("utf-8"))
             for name in differing if name.endswith((".txt", ".json"))]
    assert not differing, f"{rel}: {differing} differ from the page's\n" + "\n".join(texts)


def _diff(page: str, run: str) -> str:
    import difflib

    return "\n".join(list(difflib.unified_diff(page.splitlines(), run.splitlines(), "page", "reader's run",
                                                lineterm="", n=0))[:40])


FIX_CALL = "same_numbers_as_the_page()"
FIX_IMPORT = "from cnn_blog.reproduce import same_numbers_as_the_page"


def assert_fixes_the_numbers_first(rel: str) -> None:
    """A snippet that loads TensorFlow calls ``same_numbers_as_the_page()`` before it imports anything
    but the standard library (NumPy and TensorFlow read the settings when they load), in a section
    the page shows."""
    lines = [line.strip() for line in (ROOT / rel).read_text(encoding="utf-8").splitlines()]  # a section may be indented

    def index(test, default=None):
        return next((k for k, line in enumerate(lines) if test(line)), default)

    fix_import, call = index(lambda line: line == FIX_IMPORT), index(lambda line: line.startswith(FIX_CALL))
    assert fix_import is not None and call is not None, (
        f"{rel} loads TensorFlow but does not call {FIX_CALL} (cnn_blog.reproduce) first")
    other = index(lambda line: line.startswith(("import ", "from ")) and line != FIX_IMPORT
                  and line.split()[1].split(".")[0] not in _STDLIB, len(lines))
    assert fix_import < call < other, f"{rel}: {FIX_CALL} must come before line {other + 1}: {lines[other]}"
    opened = [k for k in range(fix_import) if lines[k].startswith("# --8<-- [start:")]
    assert opened and not any(line.startswith("# --8<-- [end:") for line in lines[opened[-1]:call]), (
        f"{rel}: the page does not show {FIX_CALL}: put it in the first section the page embeds")


_STDLIB = set(sys.stdlib_module_names)

