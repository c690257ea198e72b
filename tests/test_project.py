"""The project's promises about itself: two commands, CI runs the README's test command, every
snippet is tested, every page has its twin, NumPy-only modules stay free of TensorFlow, the
dependencies are pinned and split into a NumPy-only library and extras."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh)\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_quick_start_is_exactly_two_commands_serve_and_test():
    assert readme_commands() == ["python3 dev.py serve", "python3 dev.py test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == 'exec python3 dev.py test "$@"'
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


def project_metadata() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


# (sys_platform, platform_machine) of each platform a reader installs on, and the TensorFlow
# distribution that has a 2.21.0 wheel there (checked against the package index by hand).
TENSORFLOW_BY_PLATFORM = {
    ("linux", "x86_64"): "tensorflow-cpu",
    ("win32", "AMD64"): "tensorflow-cpu",
    ("darwin", "arm64"): "tensorflow",
    ("linux", "aarch64"): "tensorflow",
    ("darwin", "x86_64"): "tensorflow",  # none exists: the install stops on it, naming it
    ("win32", "ARM64"): "tensorflow",  # likewise
}


def test_the_library_states_ranges_and_the_tools_are_pinned():
    """What a reader installs (no extra, keras, data, figures) is a lower bound alone, so it fits the
    versions a project or Colab has; the tools that build and test the site (docs, test) are pinned;
    constraints.txt pins every one of them to a version in its range."""
    from packaging.version import Version
    from test_notebooks_travel import _norm, pins

    project = project_metadata()
    extras = project["optional-dependencies"]
    lists = {"(no extra)": project["dependencies"], **extras}
    assert sum(len(deps) for deps in lists.values()) >= 20
    pinned = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    for extra, deps in lists.items():
        for line in deps:
            req = Requirement(line)
            if req.name == "cnn-blog":  # another of our extras
                assert req.extras and req.extras <= set(extras) and not req.specifier and not req.marker, line
                continue
            operator = "==" if extra in ("docs", "test") else ">="
            assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == operator, \
                f"{extra}: {req.name} should be {operator}: {line!r}"
            name = _norm(req.name)
            if req.marker is None or req.marker.evaluate():  # the distribution this machine installs
                assert name in pinned and Version(pinned[name]) in req.specifier, (line, pinned.get(name))
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"tensorflow-cpu>=2\.20\.", text) and re.search(r"mkdocs-material==9\.8\.", text)


def test_the_bare_install_needs_numpy_alone_and_the_extras_add_the_rest():
    project = project_metadata()
    extras = project["optional-dependencies"]
    assert [Requirement(r).name for r in project["dependencies"]] == ["numpy"]

    def names(extra: str) -> set[str]:
        """Every distribution the extra names, through the extras it includes."""
        out = set()
        for line in extras[extra]:
            req = Requirement(line)
            out |= set().union(*(names(e) for e in req.extras)) if req.name == "cnn-blog" else {req.name}
        return out

    assert {"keras", "tensorflow", "tensorflow-cpu"} == names("keras")
    assert {"mlxtend", "scikit-image", "scikit-learn", "pillow"} == names("data")
    assert {"matplotlib", "matplotlib-fontja"} | names("data") == names("figures")
    assert names("all") == names("keras") | names("data") | names("figures")
    assert names("all") < names("docs") < names("test") and {"mkdocs", "pytest", "playwright"} <= names("test")


def test_readme_says_in_three_lines_how_to_install_just_the_library():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Just the library\n\n(.*?)\n\n##", readme, re.S | re.M).group(1)
    assert len(section.splitlines()) == 3
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    repository = config["extra"]["repository"]
    installs = re.findall(r'`pip install "cnn-blog(\[[a-z,]+\])? @ git\+([^"]+)"`', section)
    assert ("", repository) in installs and ("[all]", repository) in installs, installs
    extras = project_metadata()["optional-dependencies"]
    assert set(re.findall(r"`\[([a-z]+)\]`", section)) <= set(extras)


def test_each_platform_gets_one_tensorflow_that_exists_for_it():
    keras = [Requirement(r) for r in project_metadata()["optional-dependencies"]["keras"]]
    for (system, machine), expected in TENSORFLOW_BY_PLATFORM.items():
        env = {"sys_platform": system, "platform_machine": machine, "python_version": "3.11"}
        chosen = [str(r.name) + str(r.specifier) for r in keras if r.marker is None or r.marker.evaluate(env)]
        assert chosen == ["keras>=3.13.2", f"{expected}>=2.20.0"], (system, machine, chosen)


RUNNERS = {"run_snippet", "run"}  # snippets_util.run_snippet(rel, ...), SnippetRunner(ROOT).run(ROOT / rel)


def snippets_run_in(source: str) -> set[str]:
    """The snippet paths a test module hands to a runner: a "snippets/..." literal that is the first
    argument of ``run_snippet(...)`` or ``.run(ROOT / ...)``, or that sits in a module-level constant
    whose name such an argument uses (``run_snippet(FIGURES[slug][1], ...)``). A path in a comment, a
    docstring or an unused list does not count."""
    tree = ast.parse(source)
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = node.value

    def literals(node) -> set[str]:
        found = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and n.value.startswith("snippets/")}
        for name in {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & constants.keys():
            found |= {n.value for n in ast.walk(constants[name]) if isinstance(n, ast.Constant)
                      and isinstance(n.value, str) and n.value.startswith("snippets/")}
        return found

    run = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in RUNNERS:
                run |= literals(node.args[0])
    return run


def test_the_snippet_finder_counts_runs_not_mentions():
    source = '''
"""snippets/a/in_docstring.py"""
# snippets/a/in_comment.py
UNUSED = ["snippets/a/unused.py"]
FIGS = {"x": ("frames", "snippets/a/via_constant.py")}
def test_one(tmp_path):
    run_snippet("snippets/a/direct.py")
    run_snippet(FIGS["x"][1], tmp_path)
    SnippetRunner(ROOT).run(ROOT / "snippets/a/through_runner.py")
    print("snippets/a/printed.py")
'''
    assert snippets_run_in(source) == {"snippets/a/direct.py", "snippets/a/via_constant.py",
                                       "snippets/a/through_runner.py"}


def test_every_snippet_is_run_by_a_test():
    run = set().union(*(snippets_run_in(p.read_text(encoding="utf-8")) for p in (ROOT / "tests").glob("test_*.py")))
    snippets = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").rglob("*.py")
                      if not p.name.startswith("_"))
    assert snippets
    untested = [s for s in snippets if s not in run]
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


def test_the_numpy_library_imports_nothing_but_numpy():
    """Importing the layers, losses, optimizer, NumPy model and data module loads nothing from
    site-packages but NumPy, here where every extra is installed (tests/test_install.py checks the
    bare install itself)."""
    code = ("import sys, sysconfig; before = set(sys.modules); "
            "import cnn_blog.layers, cnn_blog.losses, cnn_blog.optimizers, cnn_blog.numpy_model, cnn_blog.data; "
            "site = (sysconfig.get_paths()['purelib'], sysconfig.get_paths()['platlib']); "
            "print(sorted({n.split('.')[0] for n in set(sys.modules) - before "
            "if (getattr(sys.modules[n], '__file__', None) or '').startswith(site)}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['numpy']"


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
