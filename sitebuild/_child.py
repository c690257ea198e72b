"""Runs one snippet or notebook in a fresh process and reports what it depended on.

Called in a process forked by the warm worker (``sitebuild.warm``), or as
``python -m sitebuild._child SNIPPET ROOT REPORT [TIMEOUT]`` without one.
The working directory is an empty folder: whatever the snippet writes there is its output.
The report (JSON) lists what under ROOT the snippet read, so the cache can tell exactly which edits
must re-run it: every file it imported or opened (``deps``), every path it tried to open that did not
exist (``absent``: creating it re-runs the snippet) and every folder it listed itself (``listed``:
os.listdir, os.scandir, glob, Path.iterdir; adding or removing a file there re-runs it; the import
system's own listings are left out, the modules it found are in ``deps``). Not seen: a path only
tested (os.path.exists, Path.is_file: no audit event), a file read by C code without Python's open,
or by another process. On failure the report gives the snippet's line that raised, and for a notebook
what its cells wrote to stderr (taken out of the rendered notebook: warnings are for the build log,
not for readers).
"""

from __future__ import annotations

import faulthandler
import json
import os
import runpy
import shutil
import sys
import tempfile
import traceback

# Folders under ROOT that are never a snippet's input: the build's own code (in every key through
# its bytes), its caches and build-owned home folders, the virtual environment, built outputs.
NOT_INPUTS = ("sitebuild", ".cache", ".venv", ".git", "site", "docs/generated", "docs/generated-ja", "docs/notebooks")


def run(snippet: str, root: str, report_path: str, timeout: str = "0") -> int:
    snippet, root, report_path = (os.path.abspath(p) for p in (snippet, root, report_path))
    if float(timeout) > 0 and not snippet.endswith(".ipynb"):  # what was running when the build's time limit ends the run
        faulthandler.dump_traceback_later(float(timeout), exit=False)
    opened: set[str] = set()
    listed: set[str] = set()
    audit = _auditor(opened, listed)

    stderr_notes: list = []
    if snippet.endswith(".ipynb"):
        paths, listed, error = _run_notebook(snippet, float(timeout) or None, stderr_notes)
    else:
        sys.addaudithook(audit)
        sys.argv = [snippet]
        sys.path[0] = os.path.dirname(snippet)  # as if run as `python SNIPPET`
        error = None
        try:
            runpy.run_path(snippet, run_name="__main__")
        except SystemExit as exc:  # a snippet may end itself with sys.exit(0)
            if exc.code not in (0, None):
                error = _describe(exc, snippet)
        except BaseException as exc:  # noqa: BLE001  (reported to the build, which fails)
            error = _describe(exc, snippet)
        sys.stdout.flush()
        modules = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
        paths = {os.path.abspath(p) for p in modules | opened if p}
    # Installed libraries count through their versions (in the cache key), not file by file.
    installed = tuple({sys.prefix + os.sep, sys.base_prefix + os.sep, sys.exec_prefix + os.sep})
    excluded = tuple(os.path.join(root, folder) + os.sep for folder in NOT_INPUTS)
    ours = [p for p in paths if p.startswith(root + os.sep) and not p.startswith(installed + excluded)
            and "__pycache__" not in p]
    deps = sorted(p for p in ours if os.path.isfile(p))
    absent = sorted(p for p in ours if not os.path.lexists(p))
    folders = sorted(d for d in listed if (d == root or d.startswith(root + os.sep))
                     and not (d + os.sep).startswith(installed + excluded) and os.path.isdir(d))
    faulthandler.cancel_dump_traceback_later()
    report = {"deps": deps, "absent": absent, "listed": folders, "error": error, "stderr": stderr_notes}
    with open(report_path, "w", encoding="utf-8") as fh:
        json.dump(report, fh)
    return 1 if error else 0


def _auditor(opened: set, listed: set):
    """An audit hook that records paths opened (existing or not) and folders listed, in ``opened``
    and ``listed``. 'open' fires for open(), io.open_code() and np.load/np.fromfile and friends;
    'os.listdir'/'os.scandir' for every listing (glob and Path.iterdir use them): the import
    system's own (its caller's code is importlib's) are left out."""
    import os as _os
    import sys as _sys

    def audit(event, args):
        if event == "open":
            if isinstance(args[0], (str, bytes)):
                opened.add(_os.path.abspath(_os.fsdecode(args[0])))
        elif event in ("os.listdir", "os.scandir"):
            path = "." if args[0] is None else args[0]
            if isinstance(path, (str, bytes)) and not _sys._getframe(1).f_code.co_filename.startswith("<frozen importlib"):
                listed.add(_os.path.abspath(_os.fsdecode(path)))

    return audit


# Cells added around a notebook to learn, inside its kernel, what it imported, opened and listed.
_NB_SETUP = """
import sys as _sys
from sitebuild._child import _auditor as _cnn_blog_auditor
_cnn_blog_opened, _cnn_blog_listed = set(), set()
_sys.addaudithook(_cnn_blog_auditor(_cnn_blog_opened, _cnn_blog_listed))
del _cnn_blog_auditor
"""
_NB_REPORT = """
import json as _json, os as _os
print(_json.dumps({"paths": sorted(_cnn_blog_opened | {
    _os.path.abspath(m.__file__) for m in list(_sys.modules.values()) if getattr(m, "__file__", None)
}), "listed": sorted(_cnn_blog_listed)}))
"""


def _without_native_logs(outputs: list) -> list:  # noqa: D401
    """The cell's outputs without TensorFlow's native log lines (a stderr output left empty goes too)."""
    from cnn_blog._native_logs import drop_native_notes  # absl's and oneDNN's notes at TensorFlow's import

    kept = []
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            out["text"] = drop_native_notes(out["text"])
            if not out["text"]:
                continue
        kept.append(out)
    return kept


def _run_notebook(path: str, timeout: float | None, stderr_notes: list):
    """Execute a notebook in a fresh kernel; write the executed copy (outputs in place) to cwd."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(path, as_version=4)
    n_cells = len(nb.cells)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_NB_SETUP))
    nb.cells.append(nbformat.v4.new_code_cell(_NB_REPORT))
    from sitebuild.warm import KERNEL_NAME, SOCKET_VARIABLE

    from traitlets.config import Config

    # IPC sockets instead of TCP on localhost: no port to find, and no warning from the kernel
    # that its TCP traffic is not encrypted. Their files live outside the working folder.
    sockets = tempfile.mkdtemp(prefix="cnn-blog-kernel-")
    client = NotebookClient(
        nb, timeout=timeout, kernel_name=KERNEL_NAME if os.environ.get(SOCKET_VARIABLE) else "python3",
        record_timing=False, resources={"metadata": {"path": os.getcwd()}},
        config=Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}}),
    )
    try:
        try:
            client.execute()
        finally:
            shutil.rmtree(sockets, ignore_errors=True)
    except CellTimeoutError as exc:
        cell = max((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")), default=None)
        where = f"cell {cell}" if cell is not None else "a cell"  # 1-based: cell 0 is ours
        return set(), set(), {"line": None, "message": f"timed out after {timeout:.0f} s in {where}",
                       "traceback": f"{exc}\n{nb.cells[cell].source if cell is not None else ''}"}
    except CellExecutionError as exc:
        failed = next(
            (i for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        where = f"cell {failed}" if failed is not None else "a cell"  # 1-based: cell 0 is ours
        return set(), set(), {"line": None, "message": f"{where}: {exc.ename}: {exc.evalue}",
                       "traceback": str(exc)}
    report = nb.cells.pop()
    nb.cells.pop(0)
    assert len(nb.cells) == n_cells
    found = json.loads(report.outputs[0]["text"])
    paths, listed = set(found["paths"]), set(found["listed"])
    number = 0
    for cell in nb.cells:  # one output per run of printing: how prints split in time varies
        if cell.cell_type == "code":
            number += 1
            merged = []
            for out in _without_native_logs(cell.outputs):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    stderr_notes.append(f"cell {number}: {out['text']}")  # to the build log
                    continue
                if (out.get("output_type") == "stream" and merged
                        and merged[-1].get("output_type") == "stream" and merged[-1]["name"] == out["name"]):
                    merged[-1]["text"] += out["text"]
                else:
                    merged.append(out)
            cell.outputs = merged
    count = 0
    for cell in nb.cells:  # number the cells as if run once from the top, without our first cell
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = count
    nbformat.write(nb, os.path.basename(path))
    return paths, listed, None


def _describe(exc: BaseException, snippet: str) -> dict:
    frames = traceback.extract_tb(exc.__traceback__)
    in_snippet = [f for f in frames if os.path.abspath(f.filename) == snippet]
    line = in_snippet[-1].lineno if in_snippet else None
    return {
        "line": line,
        "message": f"{type(exc).__name__}: {exc}",
        "traceback": "".join(traceback.format_exception(exc)),
    }


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:]))
