"""The GitHub workflows as GitHub would run them, with the runner faked here.

- Every step that runs a shell command calls one script of ``.ci/`` and nothing else, so no logic lives
  only in YAML that only GitHub executes; the scripts are run below with the runner's programs faked
  (a PATH of stand-ins for Chrome, Ubuntu's snap wrapper, sudo, apt-get and python3).
- Every action is pinned by its commit (a moved tag would run someone else's code), with the tag in a
  comment; only the deploy job may write to Pages; checkout keeps no token in ``.git/config``.
- ``ubuntu-latest`` already has Chromium and Google Chrome, and Ubuntu's apt ``chromium`` is a wrapper
  for the snap: ``.ci/browser`` uses what runs and installs Debian's chromium only where nothing does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w.-]+)@([0-9a-f]{40})\s+#\s*v\d+(?:\.\d+)*\s*$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_there_are_two_workflows():
    assert [p.name for p in WORKFLOWS] == ["pages.yml", "tests.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_tag_in_a_comment(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s*)?uses:", line)]
    assert lines, path.name
    loose = [line.strip() for line in lines if not PINNED.match(line)]
    assert not loose, f"{path.name}: not pinned by a 40-hex commit with '# vX' after it: {loose}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_shell_step_is_one_tested_script(path):
    runs = [step["run"] for _, step in steps(load(path)) if "run" in step]
    assert runs, path.name
    for command in runs:
        assert re.fullmatch(r"\.ci/[a-z-]+", command.strip()), f"{path.name}: a step holds logic: {command!r}"
        script = ROOT / command.strip()
        assert script.is_file() and os.access(script, os.X_OK), f"{command} is not an executable script"
        assert command.strip() in SCRIPTS_RUN_HERE, f"{command} is not run by this file's tests"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_no_token(path):
    checkouts = [step for _, step in steps(load(path)) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_only_the_deploy_job_may_write_to_pages():
    workflows = {p.name: load(p) for p in WORKFLOWS}
    for name, workflow in workflows.items():
        assert workflow["permissions"] == {"contents": "read"}, name
        for job_name, job in workflow["jobs"].items():
            granted = job.get("permissions", {})
            if (name, job_name) == ("pages.yml", "deploy"):
                assert granted == {"pages": "write", "id-token": "write"}
            else:
                assert set(granted.values()) <= {"read"}, (name, job_name, granted)
    deploy = workflows["pages.yml"]["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"], "deploy runs no code of ours"


def test_the_cache_restores_outputs_not_the_runs_home_folder():
    (cache,) = [step for _, step in steps(load(ROOT / ".github/workflows/pages.yml"))
                if step.get("uses", "").startswith("actions/cache@")]
    paths = cache["with"]["path"].split()
    assert paths and all(p.startswith(".cache/") for p in paths)
    assert not any(p in (".cache", ".cache/") or p.startswith(".cache/home") for p in paths), paths
    assert "restore-keys" not in cache["with"]


def test_the_publish_runs_on_main_and_its_cache_key_covers_every_input():
    workflow = load(ROOT / ".github/workflows/pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    (cache,) = [step for _, step in steps(workflow) if step.get("uses", "").startswith("actions/cache@")]
    for source in ("pyproject.toml", "constraints.txt", "sitebuild/**", "cnn_blog/**", "snippets/**", "notebooks/**"):
        assert source in cache["with"]["key"]
    assert "`python3 dev.py build`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pull_requests_run_what_ci_runs():
    workflow = load(ROOT / ".github/workflows/tests.yml")
    assert "pull_request" in workflow["on"]
    assert [step["run"] for _, step in steps(workflow) if "run" in step] == [".ci/run"]


def test_the_publish_uploads_what_the_tested_script_built():
    build = load(ROOT / ".github/workflows/pages.yml")["jobs"]["build"]["steps"]
    names = [step.get("run") or step["uses"].split("@")[0] for step in build]
    assert names.index(".ci/pages-build") < names.index("actions/upload-pages-artifact")
    assert build[names.index("actions/upload-pages-artifact")]["with"]["path"] == "site"


# --- The scripts, with the runner faked ---------------------------------------------------------

SCRIPTS_RUN_HERE = {".ci/run", ".ci/pages-build"}

CHROME = '#!/bin/sh\necho "Google Chrome 131.0.6778.85"\n'
CHROMIUM = '#!/bin/sh\necho "Chromium 131.0.6778.85 built on Debian"\n'
SNAP_WRAPPER = ("#!/bin/sh\necho \"Command '/usr/bin/chromium-browser' requires the chromium snap to be installed.\"\n"
                "exit 1\n")


@pytest.fixture
def runner(tmp_path):
    """A copy of .ci/ in an empty repository folder, and a bin folder that is the whole PATH: bash,
    env, dirname, and stand-ins that log their arguments to ``calls``."""
    repo, bin_dir = tmp_path / "repo", tmp_path / "bin"
    shutil.copytree(ROOT / ".ci", repo / ".ci")
    bin_dir.mkdir()
    for tool in ("bash", "env", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    calls = tmp_path / "calls"
    calls.touch()

    def fake(name: str, body: str = "") -> None:
        path = bin_dir / name
        path.write_text(f'#!{shutil.which("bash")}\necho "{name} $*" >> {calls}\n{body}\n')
        path.chmod(0o755)

    def script(name: str, text: str) -> None:
        path = bin_dir / name
        path.write_text(text.replace("#!/bin/sh", f"#!{shutil.which('bash')}"))
        path.chmod(0o755)

    fake("id", 'echo 1001')  # the runner's user is not root
    fake("sudo", '"$@"')
    fake("npm")

    def run(command: str, *args: str, **env):
        full = {"PATH": str(bin_dir), "HOME": str(tmp_path), **env}
        proc = subprocess.run([str(repo / command), *args], cwd=tmp_path, env=full, capture_output=True,
                              text=True, timeout=60)
        return proc, calls.read_text().splitlines()

    return {"repo": repo, "bin": bin_dir, "fake": fake, "script": script, "run": run, "tmp": tmp_path}


def test_browser_takes_chrome_over_the_snap_wrapper_and_installs_nothing(runner):
    runner["script"]("chromium-browser", SNAP_WRAPPER)
    runner["script"]("google-chrome", CHROME)
    runner["fake"]("apt-get")
    github_env = runner["tmp"] / "github_env"
    proc, calls = runner["run"](".ci/browser", GITHUB_ENV=str(github_env))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(runner["bin"] / "google-chrome")
    assert github_env.read_text() == f"CNN_BLOG_CHROMIUM={runner['bin'] / 'google-chrome'}\n"
    assert not [c for c in calls if c.startswith(("apt-get", "sudo"))], calls


def test_browser_takes_the_one_named_by_cnn_blog_chromium_first(runner):
    runner["script"]("chromium", CHROMIUM)
    runner["script"]("my-chrome", CHROME)
    proc, _ = runner["run"](".ci/browser", CNN_BLOG_CHROMIUM=str(runner["bin"] / "my-chrome"))
    assert proc.returncode == 0 and proc.stdout.strip() == str(runner["bin"] / "my-chrome")
    proc, _ = runner["run"](".ci/browser")
    assert proc.stdout.strip() == str(runner["bin"] / "chromium")


def test_browser_installs_debians_chromium_only_where_none_runs(runner):
    runner["script"]("chromium-browser", SNAP_WRAPPER)
    # apt-get "installs" chromium by copying a working one onto the PATH
    staged, installed = runner["tmp"] / "debian-chromium", runner["bin"] / "chromium"
    staged.write_text(CHROMIUM.replace("#!/bin/sh", f"#!{shutil.which('bash')}"))
    staged.chmod(0o755)
    runner["fake"]("apt-get", f'if [ "${{@: -1}}" = chromium ]; then cp -p {staged} {installed}; fi')
    (runner["bin"] / "cp").symlink_to(shutil.which("cp"))
    proc, calls = runner["run"](".ci/browser")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(installed)
    assert "sudo apt-get update -qq" in calls
    assert any(c.startswith("sudo env DEBIAN_FRONTEND=noninteractive apt-get install") and c.endswith(" chromium")
               for c in calls), calls


def test_browser_fails_in_one_line_when_even_the_install_gives_none(runner):
    runner["script"]("chromium-browser", SNAP_WRAPPER)
    runner["fake"]("apt-get")
    proc, _ = runner["run"](".ci/browser")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.strip().splitlines()[-1] == ".ci/browser: still no browser that runs after installing chromium"


def test_pages_build_builds_then_tests_the_built_folder(runner):
    runner["script"]("chromium", CHROMIUM)
    runner["fake"]("python3", 'echo "  CNN_BLOG_SITE=${CNN_BLOG_SITE:-} CNN_BLOG_CHROMIUM=$CNN_BLOG_CHROMIUM '
                              f'CNN_BLOG_ALL_NOTEBOOKS=${{CNN_BLOG_ALL_NOTEBOOKS:-}}" >> {runner["tmp"] / "calls"}')
    proc, calls = runner["run"](".ci/pages-build")
    assert proc.returncode == 0, proc.stderr
    chromium = runner["bin"] / "chromium"
    assert [c for c in calls if not c.startswith("id")] == [
        "python3 dev.py build", f"  CNN_BLOG_SITE= CNN_BLOG_CHROMIUM={chromium} CNN_BLOG_ALL_NOTEBOOKS=",
        "python3 dev.py test", f"  CNN_BLOG_SITE=site CNN_BLOG_CHROMIUM={chromium} CNN_BLOG_ALL_NOTEBOOKS=1",
    ]


def test_pages_build_stops_when_the_build_fails(runner):
    runner["script"]("chromium", CHROMIUM)
    runner["fake"]("python3", '[ "$2" = build ] && exit 3; exit 0')
    proc, calls = runner["run"](".ci/pages-build")
    assert proc.returncode == 3
    assert "python3 dev.py build" in calls and "python3 dev.py test" not in calls


def test_ci_run_finds_the_browser_installs_npm_where_missing_and_runs_the_test_command(runner):
    runner["script"]("google-chrome", CHROME)
    runner["fake"]("apt-get")
    (runner["bin"] / "npm").unlink()  # no npm: Debian's nodejs and npm are installed
    runner["fake"]("python3", f'echo "  CNN_BLOG_CHROMIUM=$CNN_BLOG_CHROMIUM" >> {runner["tmp"] / "calls"}')
    proc, calls = runner["run"](".ci/run", "-x")
    assert proc.returncode == 0, proc.stderr
    calls = [c for c in calls if not c.startswith("id")]
    assert any(c.startswith("sudo env DEBIAN_FRONTEND=noninteractive apt-get install") and c.endswith("nodejs npm")
               for c in calls), calls
    assert calls[-2:] == ["python3 dev.py test -x", f"  CNN_BLOG_CHROMIUM={runner['bin'] / 'google-chrome'}"]
