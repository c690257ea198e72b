"""Run one snippet the way the site build does, with an empty cache: (stdout, {name: path}, values).

The runs of a test session share one warm worker (``sitebuild.warm``), as the site build's runs do:
each snippet still runs in a fresh process of its own, without paying TensorFlow's import again.
"""

from __future__ import annotations

import atexit
from pathlib import Path

from conftest import ROOT

from sitebuild.runner import SnippetRunner

_worker = []


def warm_worker(runner: SnippetRunner):
    if not _worker:
        from sitebuild.warm import Worker

        _worker.append(Worker(runner.env, runner.home))
        atexit.register(_worker[0].close)
    return _worker[0]


def run_snippet(rel: str, tmp_path: Path):
    runner = SnippetRunner(ROOT, "snippets", str(tmp_path / "out"), str(tmp_path / "cache"),
                           home=ROOT / ".cache" / "home")
    result = runner.run(ROOT / rel, warm_worker(runner))
    assert result.executed
    return result.stdout, result.files, result.values
