"""The project's promises about itself: two commands, CI runs the README's test command, every
snippet is tested, every page has its twin, NumPy-only modules stay free of TensorFlow."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from conftest import ROOT


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh)\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_quick_start_is_exactly_two_commands_serve_and_test():
    assert readme_commands() == ["python3 dev.py serve", "python3 dev.py test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] in ("exec python3 dev.py test", "python3 dev.py test")
    assert readme_commands()[1] in commands[-1]


def test_dev_py_installs_into_a_fresh_virtual_environment(tmp_path):
    """With no environment yet, dev.py creates one and installs the pinned project into it."""
    env_dir = tmp_path / "fresh-venv"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "test", "--dry-run"],
        cwd=tmp_path, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "CNN_BLOG_VENV": str(env_dir)},
    )
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("+ ")]
    assert lines[0].endswith(f"-m venv {env_dir}")
    assert any("pip install --quiet -c constraints.txt -e .[test]" in line for line in lines)
    assert lines[-1].endswith("-m pytest")


def test_every_direct_dependency_is_pinned():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.findall(r'^\s+"([A-Za-z0-9_.\-\[\]]+)([^"]*)",$', text, re.M)
    assert len(deps) >= 15
    for name, spec in deps:
        if name == "cnn-blog[docs]":
            continue
        assert spec.startswith("=="), f"{name} is not pinned: {spec!r}"
    assert re.search(r"tensorflow-cpu==2\.21\.", text) and re.search(r"mkdocs-material==9\.8\.", text)


def test_every_snippet_is_run_by_a_test():
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    snippets = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").rglob("*.py")
                      if not p.name.startswith("_"))
    assert snippets
    untested = [s for s in snippets if s not in tests]
    assert not untested, f"snippets no test runs and checks: {untested}"


def test_every_page_and_notebook_has_both_languages():
    for folder, suffix in (("docs", ".md"), ("notebooks", ".ipynb")):
        ja = {p.name[: -len(".ja" + suffix)] for p in (ROOT / folder).rglob(f"*.ja{suffix}")}
        en = {p.name[: -len(".en" + suffix)] for p in (ROOT / folder).rglob(f"*.en{suffix}")}
        assert ja == en and ja, (folder, ja ^ en)


def test_numpy_modules_do_not_import_tensorflow():
    code = ("import sys, cnn_blog.layers, cnn_blog.losses, cnn_blog.optimizers, cnn_blog.numpy_model, "
            "cnn_blog.demos.relu, cnn_blog.figures.style, cnn_blog.data; "
            "print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_pages_workflow_builds_with_the_readme_commands_and_publishes_only_what_passed():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step and "apt-get" not in step["run"]]
    assert runs == ["python3 dev.py build", "CNN_BLOG_SITE=site python3 dev.py test"]
    assert "`python3 dev.py build`" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    names = [s.get("uses", s.get("run", "")) for s in steps]
    upload = next(i for i, n in enumerate(names) if "upload-pages-artifact" in n)
    assert upload > names.index("CNN_BLOG_SITE=site python3 dev.py test"), "tests run before the upload"
    assert steps[upload]["with"]["path"] == "site"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    caches = [s for s in steps if "actions/cache" in s.get("uses", "")]
    assert caches and all("restore-keys" not in s["with"] for s in caches), "a cache is restored on its exact key only"
    for source in ("sitebuild/**", "cnn_blog/**", "snippets/**", "notebooks/**", "constraints.txt"):
        assert source in caches[0]["with"]["key"]


def test_pull_requests_run_the_readme_test_command():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert runs[-1] == "python3 dev.py test"


def test_the_site_fixture_tests_a_given_build_when_told(tmp_path):
    """CNN_BLOG_SITE makes the tests inspect that folder (the workflow's site/) instead of building."""
    code = ("import os, sys; sys.path.insert(0, 'tests'); import conftest; "
            "print(conftest.given_site())")
    env = {"PATH": "/usr/bin:/bin", "CNN_BLOG_SITE": str(tmp_path)}
    (tmp_path / "index.html").write_text("<html></html>")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.stdout.strip() == str(tmp_path), out.stderr
    env["CNN_BLOG_SITE"] = str(tmp_path / "missing")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode != 0 and "missing" in out.stderr
