"""What the site build made of a snippet, for a part's tests: (stdout, {name: path}, values).

A part's tests check the numbers of the very run the page shows: the site build's own, read through
the build's ``SnippetRunner`` from the project's cache (``.cache/snippets``), or run now and stored
there when the cache has no entry for these exact inputs (the site build then reads that entry).

Reading it from the cache proves no less than a fresh run would: in the same session every snippet
also runs fresh, as a reader runs it, and is compared byte for byte with that entry (the copy runs
of tests/test_snippets_standalone.py). So the numbers checked here are the ones a fresh run prints,
and each snippet runs once per session instead of three times.

The first snippet asked for in a part's folder starts, two at a time, the runs its folder still
needs (a cold cache: every core busy); they share one warm worker (``sitebuild.warm``), as the site
build's runs do, each still in a fresh process of its own.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import os
from pathlib import Path

from conftest import ROOT

from sitebuild.runner import SnippetResult, SnippetRunner

_worker = []
_runner: list[SnippetRunner] = []
_primed: set[Path] = set()


def warm_worker(runner: SnippetRunner):
    if not _worker:
        from sitebuild.warm import Worker

        _worker.append(Worker(runner.env, runner.home))
        atexit.register(_worker[0].close)
    return _worker[0]


def _site_runner() -> SnippetRunner:
    """One runner of the site's snippets for the session (its key's fingerprint is computed once)."""
    if not _runner:
        _runner.append(SnippetRunner(ROOT))
    return _runner[0]


def build_result(rel: str) -> SnippetResult:
    """The site build's result for ``rel`` ("snippets/03_relu/relu_numpy.py")."""
    runner = _site_runner()
    path = ROOT / rel
    folder = path.parent
    if folder not in _primed:
        _primed.add(folder)
        missing = [p for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")
                   and runner.cached(p) is None]
        if len(missing) > 1:
            worker = warm_worker(runner)

            def run(p: Path) -> None:
                try:
                    runner.run(p, worker)
                except Exception:  # noqa: BLE001 - raised again by that snippet's own test, not this one
                    pass

            with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                list(pool.map(run, missing))
    cached = runner.cached(path)
    return cached if cached is not None else runner.run(path, warm_worker(runner))


def run_snippet(rel: str):
    """``(stdout, files, values)`` of the build's run of ``rel``: what the page shows."""
    result = build_result(rel)
    return result.stdout, result.files, result.values
