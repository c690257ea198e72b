"""Run one snippet the way the site build does, with an empty cache: (stdout, {name: path})."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from sitebuild.runner import SnippetRunner


def run_snippet(rel: str, tmp_path: Path):
    runner = SnippetRunner(ROOT, "snippets", str(tmp_path / "out"), str(tmp_path / "cache"))
    result = runner.run(ROOT / rel)
    assert result.executed
    return result.stdout, result.files, result.values
