"""Build-time execution and its cache, proven on a tiny project in a temporary folder (DESIGN §4).

The real site is not built three times for this: a fixture project with two modules, a data file
and four snippets shows what re-runs when what changes.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_env

from sitebuild import environment
from sitebuild.runner import SnippetError, SnippetRunner, build_all, site_runners


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    write(tmp_path / "fixpkg" / "__init__.py", "")
    write(tmp_path / "fixpkg" / "alpha.py", "VALUE = 1\n")
    write(tmp_path / "fixpkg" / "beta.py", "from fixpkg.gamma import G\nVALUE = 2 + G\n")
    write(tmp_path / "fixpkg" / "gamma.py", "G = 0\n")
    write(tmp_path / "fixpkg" / "numbers.txt", "3 4 5\n")
    write(tmp_path / "fixpkg" / "data.py", """
        from pathlib import Path


        def numbers():  # data shipped with the package, read through the package
            return Path(__file__).with_name("numbers.txt").read_text().split()
    """)
    write(tmp_path / "snippets" / "part_a" / "uses_alpha.py", """
        from fixpkg.alpha import VALUE
        print("alpha", VALUE)
    """)
    write(tmp_path / "snippets" / "part_a" / "uses_beta.py", """
        from fixpkg.beta import VALUE
        print("beta", VALUE)
    """)
    write(tmp_path / "snippets" / "part_b" / "reads_data.py", """
        from fixpkg.data import numbers
        print("sum", sum(map(int, numbers())))
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


class runner(SnippetRunner):  # noqa: N801  (reads like the function it replaced)
    """The fixture project's runner. Its snippets import nothing heavy, so they start their own
    interpreter (warm=False) instead of waiting for the warm worker's imports; the warm worker is
    proven on the real snippets below."""

    def __init__(self, root: Path, **kwargs):
        super().__init__(root, "snippets", "docs/generated", ".cache/snippets", **kwargs)

    def run_all(self, warm: bool = False):
        return super().run_all(warm=warm)


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
    write(project / "fixpkg" / "numbers.txt", "1 1\n")
    assert executed(runner(project).run_all()) == {"reads_data.py"}


def test_editing_a_snippet_reruns_it_and_a_library_version_change_reruns_all(project):
    runner(project).run_all()
    path = project / "snippets" / "part_a" / "uses_alpha.py"
    path.write_text(path.read_text() + "print('more')\n")
    assert executed(runner(project).run_all()) == {"uses_alpha.py"}
    other = runner(project)
    other.fingerprint = "another set of installed versions"
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


# A cold run of each snippet and notebook outside the cache, compared with what the site build gave:
# the snippets' copy runs (tests/test_snippets_standalone.py) and the notebooks' reader runs
# (tests/test_notebooks_travel.py), each run as a reader runs it, in a fresh interpreter or kernel.


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
    # the build's own words for a run: the progress line ("[1/4] snippets/... ran in 0.1 s") and the table
    assert proc.stderr.count(" ran in ") == 4 and "4 of 4 snippets and notebooks to run" in proc.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "The answer is 42" in html
    assert "alpha 1" in html
    assert "<math" in html and "\\(" not in html
    assert (project / "site" / "generated" / "part_b" / "part-b-figure.svg").is_file()
    # a second build finds everything cached: it runs nothing, so it says nothing of runs
    proc = build_fixture(project)
    assert proc.returncode == 0, proc.stderr
    assert " ran in " not in proc.stderr and "to run" not in proc.stderr and " ran " not in proc.stderr


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


# --------------------------------------------------------------------- a hermetic run (issue: outputs you can trust)
def test_the_callers_environment_and_matplotlibrc_change_no_output(project, monkeypatch, tmp_path):
    """A variable of the caller, a user's matplotlibrc and ~/.keras reach no snippet; the key is unchanged."""
    write(project / "snippets" / "part_a" / "reads_env.py", """
        import os
        import matplotlib
        print("CNN_BLOG_PROBE", os.environ.get("CNN_BLOG_PROBE"))
        print("dpi", matplotlib.rcParams["figure.dpi"], "home", os.environ["HOME"].endswith("home"))
        print("threads", os.environ["OMP_NUM_THREADS"], os.environ["TF_NUM_INTRAOP_THREADS"])
    """)
    snippet = project / "snippets" / "part_a" / "reads_env.py"
    first = runner(project).run(snippet)
    home = tmp_path / "user-home"
    write(home / ".config" / "matplotlib" / "matplotlibrc", "figure.dpi: 42\n")
    write(home / ".keras" / "keras.json", '{"backend": "jax", "floatx": "float16"}\n')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("MPLCONFIGDIR", str(home / ".config" / "matplotlib"))
    monkeypatch.setenv("CNN_BLOG_PROBE", "changed")
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    again = runner(project)
    assert not again.run(snippet).executed, "the caller's environment is not in the key, and needs not be"
    shutil.rmtree(project / ".cache" / "snippets")
    fresh = runner(project).run(snippet)
    assert fresh.executed
    assert fresh.stdout == first.stdout == "CNN_BLOG_PROBE None\ndpi 100.0 home True\nthreads 1 1\n"


def test_the_key_covers_every_distribution_python_and_the_runners_own_code(monkeypatch, tmp_path):
    found = environment.fingerprint()
    for name in ("scikit-learn", "nbclient", "ipykernel", "nbformat", "jupyter-client", "keras", "matplotlib"):
        assert name in found["distributions"], name
    assert found["python"].startswith("3.")
    source = tmp_path / "runner_part.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(environment, "RUNNER_SOURCES", (source,))
    before = environment.fingerprint_hash()
    source.write_text("A = 2\n")
    assert environment.fingerprint_hash() != before, "an edit of the runner's code must re-run everything"
    monkeypatch.undo()
    listed = {p.relative_to(ROOT).as_posix() for p in environment.RUNNER_SOURCES}
    assert {"sitebuild/runner.py", "sitebuild/_child.py", "sitebuild/warm.py", "sitebuild/cache.py",
            "cnn_blog/_native_logs.py"} <= listed
    assert all((ROOT / p).is_file() for p in listed)


def test_a_module_edited_while_the_snippet_runs_is_used_but_not_cached(project, caplog):
    write(project / "snippets" / "part_a" / "edits.py", """
        from pathlib import Path
        import fixpkg.alpha
        from fixpkg.alpha import VALUE
        Path(fixpkg.alpha.__file__).write_text("VALUE = 99\\n")  # as if the author saved it during a long run
        print("alpha", VALUE)
    """)
    snippet = project / "snippets" / "part_a" / "edits.py"
    first = runner(project).run(snippet)
    assert first.executed and not first.cached and first.stdout == "alpha 1\n"
    assert "changed while it ran" in caplog.text and "fixpkg/alpha.py" in caplog.text
    second = runner(project).run(snippet)
    assert second.executed, "the result of the first run was not stored"


def test_a_truncated_manifest_is_discarded_and_the_snippet_runs_again(project, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.sitebuild")
    r = runner(project)
    r.run_all()
    snippet = project / "snippets" / "part_a" / "uses_alpha.py"
    manifest = r.store.entry(r.key(snippet)) / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:20])
    results = runner(project).run_all()
    assert executed(results) == {"uses_alpha.py"}
    assert "unreadable" in caplog.text
    assert (project / "docs/generated/part_a/uses_alpha.out.txt").read_text() == "alpha 1\n"
    assert executed(runner(project).run_all()) == set(), "healed: the new entry is read"


def test_a_missing_output_file_in_an_entry_is_discarded_too(project):
    r = runner(project)
    r.run_all()
    snippet = project / "snippets" / "part_b" / "draws.py"
    (r.store.entry(r.key(snippet)) / "files" / "part-b-figure.svg").unlink()
    assert executed(runner(project).run_all()) == {"draws.py"}
    assert (project / "docs/generated/part_b/part-b-figure.svg").is_file()


def test_two_builds_at_once_both_succeed_agree_and_run_each_snippet_once(project, tmp_path_factory):
    log_file = tmp_path_factory.mktemp("outside-the-project") / "runs.log"  # not an input of the snippet
    write(project / "snippets" / "part_a" / "slow.py", f"""
        import time
        with open({str(log_file)!r}, "a") as fh:
            fh.write("ran\\n")
        time.sleep(2)
        print("slow done")
    """)
    script = (
        "import sys; sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})\n"
        "from pathlib import Path\n"
        "from sitebuild.runner import SnippetRunner\n"
        "r = SnippetRunner(Path({project!r}), 'snippets', 'docs/generated', '.cache/snippets')\n"
        "print(sorted((x.snippet, x.stdout) for x in r.run_all(warm=False)))\n"
    ).format(root=str(ROOT), tests=str(ROOT / "tests"), project=str(project))
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert outs[0][0] == outs[1][0] and "slow done" in outs[0][0]
    assert log_file.read_text() == "ran\n", "the second build waited for the first and read its entry"


def test_one_builds_sweep_never_deletes_anothers_half_written_output(project, monkeypatch):
    """What made CI fail once: build B's sweep of stale outputs deleted the temporary file build A was
    about to rename into place. Here B starts exactly then (from inside A's mkstemp) and gets 1 s:
    without the outputs lock it sweeps A's file and A's rename fails; with it, B waits for A."""
    import tempfile
    import threading

    from sitebuild import runner as runner_module

    results = runner(project).run_all()
    shutil.rmtree(project / "docs" / "generated")
    fewer = [r for r in results if "part_a" not in r.snippet]  # B wants part_a's outputs gone
    b_errors: list[BaseException] = []

    def build_b():
        try:
            runner(project).materialize(fewer)
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            b_errors.append(exc)

    real_mkstemp, started = tempfile.mkstemp, []

    def mkstemp_then_b_starts(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        if not started:
            started.append(threading.Thread(target=build_b))
            started[0].start()
            started[0].join(timeout=1)
        return made

    monkeypatch.setattr(runner_module.tempfile, "mkstemp", mkstemp_then_b_starts)
    runner(project).materialize(results)  # A: raises FileNotFoundError when B swept its file
    started[0].join(timeout=30)
    assert not b_errors, b_errors
    assert not (project / "docs/generated/part_a").exists(), "B ran after A, so B's outputs are what is left"
    assert (project / "docs/generated/part_b/reads_data.out.txt").read_text() == "sum 12\n"
    assert not [p for p in (project / "docs" / "generated").rglob(".*")], "no temporary file left"


def test_a_snippet_past_the_time_limit_is_reported_with_its_line(project):
    write(project / "snippets" / "part_c" / "hangs.py", """
        import time


        def wait_forever():
            while True:
                time.sleep(0.1)


        wait_forever()
    """)
    with pytest.raises(SnippetError) as info:
        runner(project, timeout=3).run(project / "snippets" / "part_c" / "hangs.py")
    message = str(info.value)
    assert "snippets/part_c/hangs.py:7" in message and "timed out" in message


def test_a_warning_goes_to_the_build_log_with_its_file_and_fails_the_strict_build(project, caplog):
    write(project / "snippets" / "part_c" / "warns.py", """
        import warnings
        warnings.warn("this argument is deprecated")
        print("printed")
    """)
    results = runner(project).run_all()
    by_name = {Path(r.snippet).name: r for r in results}
    assert by_name["warns.py"].stdout == "printed\n"
    assert "snippets/part_c/warns.py wrote to stderr" in caplog.text and "deprecated" in caplog.text
    assert "deprecated" not in (project / "docs/generated/part_c/warns.out.txt").read_text()
    caplog.clear()
    assert executed(runner(project).run_all()) == set()
    assert "snippets/part_c/warns.py wrote to stderr" in caplog.text, "reported again from the cache"
    write(project / "docs" / "index.md", "# Fixture\n")
    proc = build_fixture(project)
    assert proc.returncode != 0 and "snippets/part_c/warns.py" in proc.stderr


def test_the_warm_worker_gives_the_bytes_a_fresh_interpreter_gives(site, tmp_path):
    """Real snippets (TensorFlow, Keras training, Matplotlib figures in both languages) and a notebook,
    each run in an interpreter of its own (no warm worker), give the bytes of the site build's entries,
    which the build's warm worker made (it forks every run from one process that imported TensorFlow,
    Keras and Matplotlib once)."""
    chosen = {"snippets": ["02_conv2d/conv2d_keras.py", "03_relu/relu_figures.py", "09_compile/compile_line.py"],
              "notebooks": ["03-relu.ja.ipynb"]}
    for folder, names in chosen.items():
        pattern = "*.ipynb" if folder == "notebooks" else "*.py"
        built = SnippetRunner(ROOT, folder, f"docs/{'notebooks' if folder == 'notebooks' else 'generated'}",
                              f".cache/{folder}", pattern=pattern)
        cold = SnippetRunner(ROOT, folder, str(tmp_path / "out"), str(tmp_path / "cache" / folder), pattern=pattern)
        cold.snippets = lambda cold=cold, names=names: [cold.snippets_dir / n for n in names]
        for res in cold.run_all(warm=False):
            assert res.executed
            entry = built.cached(ROOT / res.snippet)
            assert entry is not None, f"the site build left no entry for {res.snippet}"
            assert res.stdout == entry.stdout, res.snippet
            assert {n: p.read_bytes() for n, p in res.files.items()} == \
                   {n: p.read_bytes() for n, p in entry.files.items()}, res.snippet


def test_a_snippet_runs_as_a_copy_in_an_empty_folder_like_a_download(project):
    """No sibling import, no file of the checkout through __file__: what a reader's copy could not do
    fails the build too."""
    write(project / "snippets" / "part_d" / "helper.py", "X = 1\n")
    write(project / "snippets" / "part_d" / "uses_sibling.py", """
        from helper import X
        print(X)
    """)
    with pytest.raises(SnippetError, match="No module named 'helper'"):
        runner(project).run(project / "snippets" / "part_d" / "uses_sibling.py")
    write(project / "snippets" / "part_d" / "where.py", """
        import os
        from pathlib import Path
        print(Path(__file__).parent == Path.cwd(), sorted(os.listdir()))
    """)
    result = runner(project).run(project / "snippets" / "part_d" / "where.py")
    assert result.stdout == "True ['where.py']\n" and result.files == {}, "the copy is not an output"


# --------------------------------------------------------------------- the cache runs what it hashes (issue 24)
def test_a_snippet_saved_while_the_build_starts_runs_the_bytes_of_its_key(project):
    """The key and the run are made of one copy: a save after the key was computed (while the build
    waited for the lock or walked the tree) neither runs under the old key nor is stored under it."""
    snippet = project / "snippets" / "part_a" / "edited.py"
    snippet.write_text('print("v1")\n')

    class Saving(runner):  # noqa: N801
        def _spawn(self, *args, **kwargs):
            snippet.write_text('print("v2, saved while the build was starting")\n')
            return super()._spawn(*args, **kwargs)

    first = Saving(project).run(snippet)
    assert first.executed and first.stdout == "v1\n" and not first.cached, "it ran the bytes it hashed, uncached"
    snippet.write_text('print("v1")\n')  # the author undoes the edit
    again = runner(project).run(snippet)
    assert again.executed and again.stdout == "v1\n", "v1's key never holds v2's output"


def test_a_process_whose_build_code_changed_on_disk_refuses_to_build(project, monkeypatch):
    """mkdocs serve loads sitebuild once: once runner.py on disk is not what it loaded, no key is made
    (the new code's key over the old code's run), and the build stops saying to restart."""
    from mkdocs.exceptions import PluginError

    from sitebuild import hooks

    runner(project)  # fine while the files are what this process loaded
    changed = environment.SITEBUILD / "runner.py"
    monkeypatch.setitem(environment.LOADED, changed, "0" * 64)  # as if edited after the import
    with pytest.raises(environment.BuildCodeChanged, match=r"sitebuild/runner\.py changed .* restart mkdocs serve"):
        runner(project)

    class Config(dict):
        config_file_path = str(project / "mkdocs.yml")
        docs_dir = str(project / "docs")
        plugins = {}

    with pytest.raises(PluginError, match="restart"):
        hooks.on_pre_build(Config())


def test_a_listed_folder_and_a_missing_file_are_inputs(project):
    """What a snippet learns by listing a folder of the package, or by finding a file absent, is an
    input like a file it reads: adding a file there, or creating the missing one, re-runs it."""
    write(project / "snippets" / "part_e" / "lists.py", """
        from pathlib import Path
        import fixpkg
        print(sorted(p.name for p in Path(fixpkg.__file__).parent.iterdir() if p.suffix == ".txt"))
    """)
    write(project / "snippets" / "part_e" / "optional.py", """
        from pathlib import Path
        import fixpkg
        try:
            print(open(Path(fixpkg.__file__).with_name("optional.txt")).read().strip())
        except FileNotFoundError:
            print("no optional.txt")
    """)
    assert {"lists.py", "optional.py"} <= executed(runner(project).run_all())
    assert executed(runner(project).run_all()) == set()
    write(project / "fixpkg" / "extra.txt", "1\n")
    results = runner(project).run_all()
    assert executed(results) == {"lists.py"}  # its listing changed; nothing else read that folder
    assert {Path(r.snippet).name: r.stdout for r in results}["lists.py"] == "['extra.txt', 'numbers.txt']\n"
    write(project / "fixpkg" / "optional.txt", "here\n")
    results = runner(project).run_all()
    assert {"optional.py", "lists.py"} == executed(results)  # created where it was missing (and listed)
    assert {Path(r.snippet).name: r.stdout for r in results}["optional.py"] == "here\n"


def test_a_corrupt_entry_heals_and_the_strict_build_passes(project):
    write(project / "docs" / "index.md", "# Fixture\n\n```text\n--8<-- \"part_a/uses_alpha.out.txt\"\n```\n")
    assert build_fixture(project).returncode == 0
    r = runner(project)
    manifest = r.store.entry(r.key(project / "snippets" / "part_a" / "uses_alpha.py")) / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:20])
    proc = build_fixture(project)
    assert proc.returncode == 0, proc.stderr
    assert "unreadable" in proc.stderr and "uses_alpha.py ran in" in proc.stderr


def test_only_a_reader_holding_the_lock_discards_an_entry(project):
    """A first look takes no lock: meeting an entry that another build is replacing, it reports a miss
    and leaves the entry alone; the reader that holds the key's lock discards it."""
    r = runner(project)
    r.run_all()
    key = r.key(project / "snippets" / "part_a" / "uses_alpha.py")
    (r.store.entry(key) / "manifest.json").write_text("{")
    assert r.store.load(key, "uses_alpha.py") is None and r.store.entry(key).is_dir()
    with r.store.lock(key):
        assert r.store.load(key, "uses_alpha.py", locked=True) is None
    assert not r.store.entry(key).exists()


def test_each_build_gets_an_empty_home_and_the_machine_is_in_the_key(project):
    first, second = runner(project), runner(project)
    assert first.home != second.home and first.home.name == second.home.name == "home"
    write(first.home / "matplotlib" / "matplotlibrc", "figure.dpi: 42\n")
    assert not any(second.home.iterdir())
    machine = environment.fingerprint()["machine"]
    assert machine["numpy_simd"] and machine["libc"] and machine["blas"], machine


def test_the_warm_worker_reseeds_numpy_runs_exit_handlers_and_reports_its_stderr(project, tmp_path):
    """Forked children are fresh interpreters in what a snippet can see: NumPy's global generator
    differs between runs, exit handlers run; a worker that cannot start says why."""
    from sitebuild.warm import Worker

    write(project / "snippets" / "part_f" / "draws.py", """
        import atexit
        import numpy as np
        atexit.register(print, "exit handler ran")
        print(np.random.random())
    """)
    snippet = project / "snippets" / "part_f" / "draws.py"
    r = runner(project)
    worker = Worker(r.env, r.home)
    try:
        outputs = []
        for k in range(2):
            r.store.discard(r.key(snippet))
            outputs.append(r.run(snippet, worker).stdout.splitlines())
    finally:
        worker.close()
    assert [out[1] for out in outputs] == ["exit handler ran"] * 2
    assert outputs[0][0] != outputs[1][0], "every forked child drew the same numbers"
    broken = tmp_path / "broken"
    write(broken / "scipy.py", "raise ImportError('this scipy is broken on purpose')\n")
    env = dict(r.env, PYTHONPATH=f"{broken}{os.pathsep}{r.env['PYTHONPATH']}")
    with pytest.raises(RuntimeError, match="this scipy is broken on purpose"):
        Worker(env, tmp_path / "home")
