"""Build-time execution and its cache, proven on a tiny project in a temporary folder (DESIGN §4).

The real site is not built three times for this: a fixture project with two modules, a data file
and four snippets shows what re-runs when what changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_env

from sitebuild.runner import SnippetError, SnippetRunner


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    write(tmp_path / "fixpkg" / "__init__.py", "")
    write(tmp_path / "fixpkg" / "alpha.py", "VALUE = 1\n")
    write(tmp_path / "fixpkg" / "beta.py", "from fixpkg.gamma import G\nVALUE = 2 + G\n")
    write(tmp_path / "fixpkg" / "gamma.py", "G = 0\n")
    write(tmp_path / "data" / "numbers.txt", "3 4 5\n")
    write(tmp_path / "snippets" / "part_a" / "uses_alpha.py", """
        from fixpkg.alpha import VALUE
        print("alpha", VALUE)
    """)
    write(tmp_path / "snippets" / "part_a" / "uses_beta.py", """
        from fixpkg.beta import VALUE
        print("beta", VALUE)
    """)
    write(tmp_path / "snippets" / "part_b" / "reads_data.py", """
        from pathlib import Path
        numbers = Path(__file__).resolve().parents[2].joinpath("data", "numbers.txt").read_text().split()
        print("sum", sum(map(int, numbers)))
    """)
    write(tmp_path / "snippets" / "part_b" / "draws.py", """
        import json
        with open("part-b-figure.svg", "w") as fh:
            fh.write("<svg xmlns='http://www.w3.org/2000/svg'/>")
        with open("draws.values.json", "w") as fh:
            json.dump({"answer": 42}, fh)
        print("drawn")
    """)
    return tmp_path


def runner(root: Path) -> SnippetRunner:
    return SnippetRunner(root, "snippets", "docs/generated", ".cache/snippets")


def executed(results) -> set[str]:
    return {Path(r.snippet).name for r in results if r.executed}


def test_first_build_runs_everything_and_writes_outputs(project):
    results = runner(project).run_all()
    assert executed(results) == {"uses_alpha.py", "uses_beta.py", "reads_data.py", "draws.py"}
    out = project / "docs" / "generated"
    assert (out / "part_a" / "uses_alpha.out.txt").read_text() == "alpha 1\n"
    assert (out / "part_b" / "reads_data.out.txt").read_text() == "sum 12\n"
    assert (out / "part_b" / "part-b-figure.svg").is_file()
    assert not (out / "part_b" / "draws.values.json").exists(), "values are for the prose, not the site"
    assert {r.snippet: r.values for r in results}["snippets/part_b/draws.py"] == {"answer": 42}


def test_second_build_runs_nothing_and_writes_nothing(project):
    runner(project).run_all()
    out = project / "docs" / "generated"
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = runner(project)
    results = again.run_all()
    assert executed(results) == set()
    assert again.materialize(results) == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_editing_a_module_reruns_exactly_its_importers(project):
    runner(project).run_all()
    write(project / "fixpkg" / "alpha.py", "VALUE = 10\n")
    results = runner(project).run_all()
    assert executed(results) == {"uses_alpha.py"}
    assert (project / "docs/generated/part_a/uses_alpha.out.txt").read_text() == "alpha 10\n"


def test_editing_a_module_imported_indirectly_reruns_its_importers(project):
    runner(project).run_all()
    write(project / "fixpkg" / "gamma.py", "G = 5\n")
    assert executed(runner(project).run_all()) == {"uses_beta.py"}


def test_editing_data_a_snippet_reads_reruns_it(project):
    runner(project).run_all()
    write(project / "data" / "numbers.txt", "1 1\n")
    assert executed(runner(project).run_all()) == {"reads_data.py"}


def test_editing_a_snippet_reruns_it_and_a_library_version_change_reruns_all(project):
    runner(project).run_all()
    path = project / "snippets" / "part_a" / "uses_alpha.py"
    path.write_text(path.read_text() + "print('more')\n")
    assert executed(runner(project).run_all()) == {"uses_alpha.py"}
    other = runner(project)
    other.versions = {**other.versions, "numpy": "0.0-not-installed"}
    assert len(executed(other.run_all())) == 4


def test_a_removed_snippet_leaves_no_stale_output(project):
    runner(project).run_all()
    (project / "snippets" / "part_b" / "draws.py").unlink()
    runner(project).run_all()
    assert not (project / "docs/generated/part_b/part-b-figure.svg").exists()


def test_a_raising_snippet_names_its_file_and_line(project):
    write(project / "snippets" / "part_c" / "broken.py", """
        x = 1
        y = 2
        raise ValueError("shapes (2, 3) and (4,) do not match")
    """)
    with pytest.raises(SnippetError) as info:
        runner(project).run_all()
    message = str(info.value)
    assert "snippets/part_c/broken.py:4" in message
    assert "ValueError: shapes (2, 3) and (4,) do not match" in message


@pytest.mark.parametrize("folder, pattern, built", [("snippets", "*.py", "docs/generated"),
                                                   ("notebooks", "*.ipynb", "docs/notebooks")])
def test_a_cold_run_gives_the_bytes_the_site_build_gave(site, tmp_path, folder, pattern, built):
    """Every real snippet (or notebook), run from an empty cache, writes the same bytes as the session's
    site build did (itself a cold run on a fresh clone, or a cache entry that an earlier cold run of the
    same inputs made): one extra run of everything instead of two."""
    out = tmp_path / "out"
    results = SnippetRunner(ROOT, folder, str(out), str(tmp_path / "cache"), pattern=pattern).run_all()
    assert results and all(res.executed for res in results)
    fresh = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert fresh
    missing = [str(k) for k in fresh if not (ROOT / built / k).is_file()]
    assert not missing, f"the site build did not write {missing}"
    differing = [str(k) for k in fresh if (ROOT / built / k).read_bytes() != fresh[k]]
    assert not differing, f"outputs differ between two cold runs: {differing}"


MKDOCS_YML = """
site_name: fixture
docs_dir: docs
hooks:
  - {hooks}
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.snippets:
      base_path: [".", "docs/generated"]
      check_paths: true
"""


def build_fixture(project: Path) -> subprocess.CompletedProcess:
    write(project / "mkdocs.yml", MKDOCS_YML.format(hooks=ROOT / "sitebuild" / "hooks.py"))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True,
    )


def test_mkdocs_build_embeds_outputs_values_and_math(project):
    write(project / "docs" / "index.md", """
        # Fixture

        The answer is {{ part_b/draws:answer }} and $f(x) = \\max(0, x)$.

        ```text
        --8<-- "part_a/uses_alpha.out.txt"
        ```

        ![figure](generated/part_b/part-b-figure.svg)
    """)
    proc = build_fixture(project)
    assert proc.returncode == 0, proc.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "The answer is 42" in html
    assert "alpha 1" in html
    assert "<math" in html and "\\(" not in html
    assert (project / "site" / "generated" / "part_b" / "part-b-figure.svg").is_file()
    # a second build finds everything cached
    proc = build_fixture(project)
    assert proc.returncode == 0 and " ran snippets/" not in proc.stderr


def test_mkdocs_build_fails_on_a_raising_snippet_or_an_unknown_value(project):
    write(project / "docs" / "index.md", "# Fixture\n\n{{ part_b/draws:no_such_value }}\n")
    proc = build_fixture(project)
    assert proc.returncode != 0
    assert "part_b/draws:no_such_value" in proc.stderr
    write(project / "docs" / "index.md", "# Fixture\n")
    write(project / "snippets" / "part_c" / "broken.py", "import numpy\n\n1 / 0\n")
    proc = build_fixture(project)
    assert proc.returncode != 0
    assert "snippets/part_c/broken.py:3" in proc.stderr and "ZeroDivisionError" in proc.stderr
