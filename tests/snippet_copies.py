"""A snippet as a reader gets it: the file alone, copied into an empty folder and run there.

The site serves every snippet as a whole-file download; the reader saves it into some folder and runs
``python FILE.py`` with the package installed. ``run_copy`` does the same through the build's warm
worker (a fresh process per run, the build's environment, the project on ``PYTHONPATH`` only as the
installed package): the snippet's own folder holds nothing but the copy, so a sibling import or a
read of a repository file through ``__file__`` fails. It runs the copy twice in the same folder, as a
reader who runs it again would. ``assert_standalone`` checks the source for the same mistakes.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

from conftest import ROOT
from snippets_util import warm_worker

from cnn_blog._native_logs import drop_native_notes
from sitebuild.runner import SnippetRunner


def page_output(rel: str) -> str:
    """What the page shows as the snippet's output: the build's own run (from the project's cache)."""
    return SnippetRunner(ROOT).run(ROOT / rel).stdout


def run_copy(rel: str, folder: Path, runs: int = 2) -> list[tuple[str, str, list[str]]]:
    """Copy ``rel`` alone into ``folder/copy`` and run it there ``runs`` times.

    Returns one (stdout, stderr, files in the folder afterwards) per run; a run that raises fails
    the test with the snippet's traceback.
    """
    runner = SnippetRunner(ROOT, "snippets", str(folder / "out"), str(folder / "cache"), home=ROOT / ".cache" / "home")
    work = folder / "copy"
    work.mkdir()
    copy = work / Path(rel).name
    shutil.copyfile(ROOT / rel, copy)
    results = []
    for k in range(runs):
        report, out_path, err_path = folder / f"report{k}.json", folder / f"stdout{k}", folder / f"stderr{k}"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            code = warm_worker(runner).run("snippet", [str(copy), str(ROOT), str(report), "600"], str(work),
                                           out, err, 630)
        info = json.loads(report.read_text(encoding="utf-8"))
        stderr = drop_native_notes(err_path.read_text(encoding="utf-8")) + "".join(info["stderr"])
        assert code == 0 and not info["error"], f"{rel}, run {k + 1} of a copy:\n{info['error'] or stderr}"
        files = sorted(p.name for p in work.iterdir())
        results.append((out_path.read_text(encoding="utf-8"), stderr, files))
    return results


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
