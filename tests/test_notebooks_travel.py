"""The notebooks travel: each one runs where the reader opens it (Colab, or any Jupyter without
``cnn_blog``), and every figure it shows has alt text in its language.

- Each notebook's first code cell installs the package, with the extras the notebook needs, when it
  is not importable: the wheel the site serves (``sitebuild/wheel.py``), built from the same tree as
  the pages, at the address derived from ``extra.repository``; ``CNN_BLOG_PIP_SPEC`` replaces where
  pip takes it from (the test points it at the built site's own wheel).
- Colab as Google publishes it (``tests/colab_pip_freeze.txt``): the notebooks the built site serves
  for download (all of them when publishing; otherwise one per distinct install cell and language,
  see ``_downloads``) run top to bottom in a fresh virtual environment holding Colab's versions of
  the packages the notebooks use, with NumPy imported by the kernel before the first cell as
  Colab's is; each install cell really installs ``cnn_blog`` and changes none of the versions that
  were there. Colab's versions are the lowest the package declares (pyproject.toml), so the same
  environment then runs the library's tests at the lowest versions.
- Every image on a built notebook page has an alt text, not nbconvert's placeholder, in the
  notebook's language.

Regenerate the install cells (after a notebook starts importing something new)::

    .venv/bin/python tests/test_notebooks_travel.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import ROOT, repository  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[!_]*.ipynb"))
SLUGS = sorted({p.name.split(".")[0] for p in NOTEBOOKS})
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# --- The install cell ------------------------------------------------------------------------

_KERAS = re.compile(r"^\s*(import|from)\s+(keras|tensorflow|cnn_blog\.train)\b|^\s*from\s+cnn_blog\s+import\s+.*\btrain\b",
                    re.M)
_FIGURES = re.compile(r"^\s*(import|from)\s+(matplotlib|cnn_blog\.figures)\b|%matplotlib", re.M)
_DATA = re.compile(r"^\s*(import|from)\s+(skimage|sklearn|mlxtend|PIL|cnn_blog\.data)\b"
                   r"|^\s*from\s+cnn_blog\s+import\s+.*\bdata\b", re.M)


def needed_extras(notebook: nbformat.NotebookNode) -> list[str]:
    """The package's extras a notebook's code needs, from what it imports (``figures`` includes ``data``)."""
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code" and not is_install_cell(c))
    extras = []
    if _FIGURES.search(code):
        extras.append("figures")
    elif _DATA.search(code):
        extras.append("data")
    if _KERAS.search(code):
        extras.append("keras")
    return extras


def install_cell_source(extras: list[str]) -> str:
    """The first code cell of a notebook that needs ``extras``, identical in both languages."""
    lines = [
        "# Colab, or any Jupyter without the cnn_blog package: install it first (about a minute).",
        "# It installs the cnn_blog this notebook's site was built with; the NumPy, TensorFlow and",
        "# Matplotlib already installed are kept. CNN_BLOG_PIP_SPEC, when set, is where pip takes the",
        "# package from instead (a wheel, a git URL).",
        "import importlib.util, os, subprocess, sys",
        "",
        'if importlib.util.find_spec("cnn_blog") is None:',
    ]
    if "keras" in extras:
        rest = [e for e in extras if e != "keras"]
        lines += [
            f'    extras = "{",".join(extras)}"',
            "    # Colab has TensorFlow already: the keras extra would install tensorflow-cpu as a second copy.",
            '    if importlib.util.find_spec("tensorflow") is not None:',
            f'        extras = "{",".join(rest)}"',
        ]
        requirement = 'f"cnn-blog[{extras}] @ {source}"'
    else:
        requirement = f'f"cnn-blog[{",".join(extras)}] @ {{source}}"' if extras else 'f"cnn-blog @ {source}"'
    lines += [
        f'    source = os.environ.get("CNN_BLOG_PIP_SPEC", "{published_wheel()}")',
        f"    requirement = {requirement}",
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)',
    ]
    return "\n".join(lines)


def published_wheel() -> str:
    """The wheel's address on the published site (``sitebuild.wheel``, ``sitebuild.site_url``)."""
    from sitebuild import site_url, wheel

    return wheel.wheel_url(site_url.pages_url(repository()), ROOT)


def is_install_cell(cell) -> bool:
    return cell.cell_type == "code" and 'if importlib.util.find_spec("cnn_blog") is None:' in cell.source


def install_cell_for(path: Path, extras: list[str]) -> str:
    """The install cell of the notebook at ``path``: in a Japanese notebook its comments are Japanese
    (``sitebuild.code_language``), the code the same."""
    source = install_cell_source(extras)
    if path.name.endswith(".ja.ipynb"):
        from sitebuild.code_language import japanese_code_cell

        source = japanese_code_cell(source, f"{path.name} install cell")
    return source


def write_install_cells() -> None:
    """Put (or refresh) the install cell before each notebook's first code cell."""
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        source = install_cell_for(path, needed_extras(nb))
        first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        if is_install_cell(nb.cells[first]):
            nb.cells[first].source = source
        else:
            cell = nbformat.v4.new_code_cell(source)
            cell["id"] = "install-cnn-blog"
            nb.cells.insert(first, cell)
        nbformat.write(nb, path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_code_cell_installs_the_package_with_the_extras_the_notebook_needs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    extras = needed_extras(nb)
    assert code[0].source == install_cell_for(path, extras), (
        f"{path.name}: the first code cell is not the install cell for extras {extras}; "
        f"regenerate with: .venv/bin/python tests/test_notebooks_travel.py")
    assert code[1].source.startswith("LANG = "), "the install cell comes right before the LANG cell"
    assert f'"{published_wheel()}"' in code[0].source
    assert published_wheel().startswith("https://cnn-blog.github.io/cnn-blog/downloads/cnn_blog-")


def test_the_extras_follow_the_imports():
    """The rule that picks the extras tells a notebook that needs Keras or only data from one that doesn't."""
    def notebook(*sources):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])

    assert needed_extras(notebook("import numpy as np")) == []
    assert needed_extras(notebook("from cnn_blog.data import load_mnist_5k")) == ["data"]
    assert needed_extras(notebook("from cnn_blog import data, layers")) == ["data"]
    assert needed_extras(notebook("x = 1", "from cnn_blog.figures.relu import make_relu_graph")) == ["figures"]
    assert needed_extras(notebook("from cnn_blog import train", "import skimage.data")) == ["data", "keras"]
    assert needed_extras(notebook("    import keras", "%matplotlib inline")) == ["figures", "keras"]
    # the install cell's own imports count for nothing
    assert needed_extras(notebook(install_cell_source(["figures", "keras"]))) == []
    assert 'extras = "figures"' in install_cell_source(["figures", "keras"])
    assert "cnn-blog[data] @" in install_cell_source(["data"])


def test_the_built_notebooks_run_the_install_cell_silently(site):
    """The build runs with cnn_blog importable: the install cell installs nothing and prints nothing."""
    for slug in SLUGS:
        for lang in ("ja", "en"):
            page = (site if lang == "ja" else site / "en") / "notebooks" / slug / "index.html"
            html = page.read_text(encoding="utf-8")
            cell = html.split("find_spec", 1)  # the install cell's code, the same in both languages
            assert len(cell) == 2, f"{page}: no install cell"
            # the next cell's input starts before any output area of the install cell
            after = cell[1].split('class="jp-Cell ', 1)[0]
            assert "jp-OutputArea" not in after, f"{page}: the install cell shows output"



# --- The notebooks as a reader downloads them, in Colab as Google publishes it -----------------

COLAB_FREEZE = ROOT / "tests" / "colab_pip_freeze.txt"
# Not Colab's packages: what runs the notebooks (a kernel) and the library's tests (pytest) here.
TOOLS = ["ipykernel", "pytest"]
# What an install cell adds to Colab: the package and what Colab does not have.
BROUGHT_BY_THE_INSTALL_CELL = ["cnn-blog", "matplotlib-fontja"]
# The library's own tests (layers against Keras and numerical gradients, losses and Adam, the NumPy
# model, the data loaders, the Keras script), run again at the lowest versions the package declares.
LIBRARY_TESTS = ["test_layers.py", "test_losses_adam.py", "test_numpy_model.py", "test_data.py", "test_train.py"]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """``{"numpy": "2.1.3", ...}`` from the ``name==version`` lines of a freeze or constraints text."""
    lines = [l.strip() for l in text.splitlines()]
    return {_norm(l.split("==")[0]): l.split("==")[1].strip() for l in lines if "==" in l and not l.startswith("#")}


def colab_versions() -> dict[str, str]:
    """Colab's versions, from tests/colab_pip_freeze.txt."""
    return pins(COLAB_FREEZE.read_text(encoding="utf-8"))


def lower_bounds() -> dict[str, str]:
    """The package's runtime requirements (no extra, keras, data, figures) as ``{name: lowest version}``;
    each must be a ``>=`` range with no upper bound."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in ("keras", "data", "figures"):
        reqs += project["optional-dependencies"][extra]
    bounds = {}
    for req in reqs:
        spec = req.split(";")[0].strip()
        if spec.startswith("cnn-blog["):
            continue
        name, _, version = spec.partition(">=")
        assert version and not re.search(r"[<=!~,]", version), f"not a lower bound alone: {req}"
        bounds[_norm(name)] = version
    return bounds


def test_the_lowest_declared_versions_are_colabs():
    """The ranges start at what Colab ships (so its packages fit and are kept); tensorflow and
    tensorflow-cpu are one TensorFlow; a package Colab lacks starts at the version the tests install."""
    bounds, colab = lower_bounds(), colab_versions()
    assert bounds.pop("tensorflow") == bounds["tensorflow-cpu"] == colab["tensorflow-cpu"]
    assert {name: colab[name] for name in bounds if name in colab} == {n: v for n, v in bounds.items() if n in colab}
    assert set(bounds) - set(colab) == {"matplotlib-fontja"}, "only what the install cell brings is not Colab's"
    pinned = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    from packaging.version import Version

    assert all(Version(pinned[name]) >= Version(low) for name, low in bounds.items()), "the pins are in range"


def _venv_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "MPLBACKEND", "CNN_BLOG_PIP_SPEC", "PIP_CONSTRAINT")}
    return env


def _pip(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", *args], cwd=cwd,
                          env=_venv_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"pip {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _freeze(python: Path, cwd: Path) -> dict[str, str]:
    return pins(_pip(python, "list", "--format=freeze", cwd=cwd).stdout)


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """A fresh virtual environment with Colab's versions (no cnn_blog), and a kernel spec whose kernel
    imports NumPy before the first cell runs, as Colab's does."""
    base = tmp_path_factory.mktemp("colab")
    started = time.monotonic()
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True, clear=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _pip(python, "install", "--quiet", "-r", str(COLAB_FREEZE), *TOOLS, cwd=base)
    kernels = base / "jupyter" / "kernels" / "colab"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.exec_lines=import numpy"],
        "display_name": "Colab-like", "language": "python"}), encoding="utf-8")
    print(f"\nColab-like environment ready in {time.monotonic() - started:.0f} s")
    return {"base": base, "python": python, "kernels": base / "jupyter" / "kernels"}


def _downloads(site: Path) -> list[Path]:
    """The downloadable notebooks to run. Publishing (``CNN_BLOG_ALL_NOTEBOOKS=1``, set by
    .ci/pages-build) runs all of them, both languages of every part. Every other run takes one
    notebook per distinct install cell and language (today: figures, figures + keras; ja and en):
    the two notebooks of a part have the same code cells but the line that sets LANG
    (tests/test_translations.py), the site build runs every notebook's body, and what this adds, the
    install cell in Colab's environment, is the same for every notebook that has the same cell."""
    every = [(site if lang == "ja" else site / lang) / "notebooks" / slug / f"{slug}.{lang}.ipynb"
             for slug in SLUGS for lang in ("ja", "en")]
    if os.environ.get("CNN_BLOG_ALL_NOTEBOOKS") == "1":
        return every
    chosen, seen = [], set()
    for k, slug in enumerate(SLUGS):
        cell = install_cell_source(needed_extras(nbformat.read(ROOT / "notebooks" / f"{slug}.ja.ipynb", as_version=4)))
        for lang in (("ja", "en") if k % 2 == 0 else ("en", "ja")):  # the languages alternate between cells
            if (cell, lang) not in seen:
                seen.add((cell, lang))
                chosen.append(every[2 * k + (lang == "en")])
    return chosen


def test_the_sample_covers_every_install_cell_in_both_languages(monkeypatch):
    site = Path("/site")
    sample = _downloads(site)
    cells = {install_cell_source(needed_extras(nbformat.read(p, as_version=4))) for p in NOTEBOOKS}
    assert len(sample) == 2 * len(cells) < len(NOTEBOOKS)
    assert {p.name.split(".")[1] for p in sample} == {"ja", "en"}
    monkeypatch.setenv("CNN_BLOG_ALL_NOTEBOOKS", "1")
    assert len(_downloads(site)) == len(NOTEBOOKS)


def test_the_site_serves_the_wheel_of_this_tree(site, tmp_path):
    """The wheel the install cells take holds this tree's cnn_blog, file for file, and nothing else."""
    import zipfile

    from sitebuild import wheel

    served = site / wheel.FOLDER / wheel.wheel_name(ROOT)
    with zipfile.ZipFile(served) as zf:
        names = [n for n in zf.namelist() if not n.startswith("cnn_blog-")]  # the .dist-info folder
        assert {n.split("/")[0] for n in names} == {"cnn_blog"}, "the library only, not sitebuild"
        tree = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cnn_blog").rglob("*.py") if "__pycache__" not in p.parts}
        assert tree <= set(names)
        assert all(zf.read(n) == (ROOT / n).read_bytes() for n in names), "a file differs from the tree's"
        requires = [l for l in zf.read(next(n for n in zf.namelist() if n.endswith("/METADATA"))).decode().splitlines()
                    if l.startswith("Requires-Dist: numpy")]
        assert requires == ["Requires-Dist: numpy>=2.1.3"], requires


def test_every_downloadable_notebook_runs_in_colab_and_keeps_colabs_packages(site, colab, tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    from sitebuild import wheel

    downloads = _downloads(site)
    assert all(p.is_file() for p in downloads), [str(p) for p in downloads if not p.is_file()]
    python, colab_pins = colab["python"], colab_versions()
    served = site / wheel.FOLDER / wheel.wheel_name(ROOT)
    times, failures, differ = {}, [], {}
    for path in downloads:
        started = time.monotonic()
        # each notebook's install cell installs cnn_blog and what Colab lacks anew
        subprocess.run([str(python), "-m", "pip", "uninstall", "--quiet", "-y", *BROUGHT_BY_THE_INSTALL_CELL],
                       env=_venv_env(), capture_output=True, text=True, check=True)
        before = _freeze(python, tmp_path)
        assert {n: before.get(n) for n in colab_pins} == colab_pins, "the emulation has Colab's versions"
        work = tmp_path / path.stem
        (work / "home").mkdir(parents=True)
        # none of the build's numeric settings (threads, oneDNN): the notebook's LANG cell sets them
        # with cnn_blog.reproduce, after the NumPy the kernel loaded, as in Colab
        env = {k: v for k, v in _venv_env().items() if not k.endswith("_NUM_THREADS") and k != "TF_ENABLE_ONEDNN_OPTS"}
        env.update(CNN_BLOG_PIP_SPEC=served.as_uri(), TF_CPP_MIN_LOG_LEVEL="3",
                   MPLCONFIGDIR=str(work / "home" / "mpl"), KERAS_HOME=str(work / "home" / "keras"),
                   PATH=f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}")
        nb = nbformat.read(path, as_version=4)
        shown = [_printed(c) for c in nb.cells if c.cell_type == "code"]  # the outputs the site shows
        # first: the kernel has NumPy loaded before the install cell, as Colab's has; last: which NumPy ran
        nb.cells.insert(0, nbformat.v4.new_code_cell('import sys; print("numpy loaded:", "numpy" in sys.modules)'))
        nb.cells.append(nbformat.v4.new_code_cell("import numpy; print('numpy ran:', numpy.__version__)"))
        km = KernelManager(kernel_name="colab", kernel_spec_manager=KernelSpecManager(
            kernel_dirs=[str(colab["kernels"])], ensure_native_kernel=False))
        client = NotebookClient(nb, km=km, kernel_name="colab", timeout=600,
                                resources={"metadata": {"path": str(work)}})
        try:
            client.execute(env=env)
        except Exception as exc:  # noqa: BLE001 - report every notebook, not the first failure only
            failures.append(f"{path.relative_to(site)}: {type(exc).__name__}: {str(exc)[-3000:]}")
            continue
        finally:
            if km.has_kernel:  # a kernel manager handed to nbclient is not shut down by it
                km.shutdown_kernel(now=True)
            times[path.name] = time.monotonic() - started
        printed = ["".join(o.get("text", "") for o in c.outputs) for c in (nb.cells[0], nb.cells[-1])]
        ran = [_printed(c) for c in nb.cells[1:-1] if c.cell_type == "code"]
        other = [k for k, (a, b) in enumerate(zip(shown, ran)) if a != b]
        differ[path.name] = f"{len(other)} of {len(shown)} code cells print other than the page: {other}"
        assert printed == ["numpy loaded: True\n", f"numpy ran: {colab_pins['numpy']}\n"], (path.name, printed)
        install = next(c for c in nb.cells[1:] if c.cell_type == "code")
        assert is_install_cell(install), path
        said = "".join(o.get("text", "") + str(o.get("evalue", "")) for o in install.outputs)
        if re.search(r"error|traceback|restart", said, re.I):
            failures.append(f"{path.relative_to(site)}: the install cell printed:\n{said}")
        after = _freeze(python, tmp_path)
        changed = {n: (v, after.get(n)) for n, v in before.items() if after.get(n) != v}
        if changed:
            failures.append(f"{path.relative_to(site)}: the install cell changed Colab's packages: {changed}")
        if set(after) - set(before) - {"cnn-blog", "matplotlib-fontja"}:
            failures.append(f"{path.relative_to(site)}: it added {sorted(set(after) - set(before))}")
        if "cnn-blog" not in after:
            failures.append(f"{path.relative_to(site)}: the install cell did not install cnn-blog")
    print("\n" + "\n".join(f"{t:6.1f} s  {name}" for name, t in sorted(times.items(), key=lambda kv: -kv[1])))
    print(f"{sum(times.values()):6.1f} s  all {len(times)} notebooks")
    print("\n".join(f"{name}: {what}" for name, what in differ.items()))  # Colab's versions are not the build's
    assert not failures, "\n\n".join(failures)


def _printed(cell) -> str:
    """What a code cell printed, as text (streams and text results; no images)."""
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs
                   if o.get("output_type") != "display_data")


def test_the_librarys_tests_pass_at_the_lowest_declared_versions(colab, tmp_path):
    """Colab's environment holds the lowest versions the package declares; with the install cells'
    additions at their lowest too, the library's tests run there (the checkout's cnn_blog, the
    environment's NumPy, TensorFlow, Keras, scikit-learn, ...)."""
    python = colab["python"]
    bounds = lower_bounds()
    missing = [f"{name}=={low}" for name, low in bounds.items() if name in BROUGHT_BY_THE_INSTALL_CELL]
    _pip(python, "install", "--quiet", *missing, cwd=tmp_path)
    installed = _freeze(python, tmp_path)
    assert all(installed.get(name) == low for name, low in bounds.items() if name != "tensorflow"), (
        {name: (low, installed.get(name)) for name, low in bounds.items()})
    env = dict(_venv_env(), HOME=str(tmp_path), MPLCONFIGDIR=str(tmp_path / "mpl"), KERAS_HOME=str(tmp_path / "keras"))
    proc = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                           *[f"tests/{name}" for name in LIBRARY_TESTS]],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    print(proc.stdout[-1500:])
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert re.search(r"\b\d+ passed\b", proc.stdout) and " skipped" not in proc.stdout.splitlines()[-1]



# --- Alt texts ---------------------------------------------------------------------------------

NO_ALT = "No description has been provided for this image"


def test_every_image_on_a_notebook_page_has_alt_text_in_its_language(site):
    count = 0
    for slug in SLUGS:
        for lang in ("ja", "en"):
            page = (site if lang == "ja" else site / "en") / "notebooks" / slug / "index.html"
            html = page.read_text(encoding="utf-8")
            main = html.split('class="md-content"', 1)[1]  # the notebook, not the theme's header
            images = re.findall(r"<img\b[^>]*>", main)
            source = nbformat.read(ROOT / "notebooks" / f"{slug}.{lang}.ipynb", as_version=4)
            figures = sum(len(c.metadata.get("alt", [])) for c in source.cells)  # part 0 draws none
            assert len(images) == figures, f"{page}: {len(images)} images, {figures} figures in the notebook"
            for tag in images:
                alt = re.search(r'\balt="([^"]*)"', tag)
                assert alt and alt.group(1).strip(), f"{page}: an image without alt text: {tag[:200]}"
                assert NO_ALT not in alt.group(1), f"{page}: nbconvert's placeholder is left: {tag[:200]}"
                assert bool(JAPANESE.search(alt.group(1))) == (lang == "ja"), (
                    f"{page}: alt text not in the page's language: {alt.group(1)[:120]}")
                count += 1
    assert count == 2 * sum(len(a) for p in NOTEBOOKS if p.name.endswith(".ja.ipynb")
                            for a in (c.metadata.get("alt", []) for c in nbformat.read(p, as_version=4).cells))


@pytest.mark.parametrize("slug", SLUGS)
def test_a_notebook_pair_gives_each_figure_an_alt_text_in_both_languages(slug):
    ja = nbformat.read(ROOT / "notebooks" / f"{slug}.ja.ipynb", as_version=4)
    en = nbformat.read(ROOT / "notebooks" / f"{slug}.en.ipynb", as_version=4)
    for a, b in zip(ja.cells, en.cells):
        shown = len(re.findall(r"^fig = make_\w+\(", a.source, re.M)) if a.cell_type == "code" else 0
        alts_ja, alts_en = a.metadata.get("alt", []), b.metadata.get("alt", [])
        assert len(alts_ja) == len(alts_en) == shown, (slug, a.source[-200:])
        assert all(JAPANESE.search(t) for t in alts_ja) and not any(JAPANESE.search(t) for t in alts_en)
        # every number of the English text is in the Japanese one (which writes "three" as 3, too)
        for t_ja, t_en in zip(alts_ja, alts_en):
            missing = set(re.findall(r"\d+(?:\.\d+)?", t_en)) - set(re.findall(r"\d+(?:\.\d+)?", t_ja))
            assert not missing, (slug, missing, t_en)


def test_the_numbers_in_the_alt_texts_come_from_the_code():
    from cnn_blog.data import DEFAULT_ANGLES

    nb = nbformat.read(ROOT / "notebooks" / "01-data.en.ipynb", as_version=4)
    alt = next(c.metadata["alt"][0] for c in nb.cells if "make_augmented_grid(" in c.source and "alt" in c.metadata)
    step = DEFAULT_ANGLES[1] - DEFAULT_ANGLES[0]
    assert all(b - a == step for a, b in zip(DEFAULT_ANGLES, DEFAULT_ANGLES[1:]))
    assert alt.startswith(f"{2 * len(DEFAULT_ANGLES)} images made from one photo"), alt
    assert f"two rows of {len(DEFAULT_ANGLES)}" in alt, alt
    assert f"from {DEFAULT_ANGLES[0]} to +{DEFAULT_ANGLES[-1]} degrees in steps of {step}" in alt, alt
    nb = nbformat.read(ROOT / "notebooks" / "13-numpy-model.en.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "make_training_curves(" in c.source)
    k = re.search(r"\bk=(\d+)", cell.source).group(1)
    assert f"moving average over {k} steps" in cell.metadata["alt"][0]


if __name__ == "__main__":
    write_install_cells()


# --- A reader's run of a notebook -------------------------------------------------------------
#
# The promise of issue 30, for the notebooks: a reader who opens a downloaded notebook in their own
# Jupyter (the package installed, none of the build's settings, the threads of a 4-core machine) and
# runs it from the top sees what the page's notebook shows, cell by cell: the same text and the same
# figures, byte for byte. The LANG cell calls cnn_blog.reproduce.same_numbers_as_the_page(). It is also
# each notebook's cold run: a fresh kernel outside the build, against what the build's cache gave.


def _shown_outputs(cell) -> list[dict]:
    """A code cell's outputs as the page shows them: consecutive prints as one text, no stderr (the
    build sends it to its log), no execution counts or metadata."""
    shown = []
    for out in cell.outputs:
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stderr":
            continue
        if kind == "stream":
            if shown and shown[-1]["kind"] == "stream":
                shown[-1]["text"] += out["text"]
            else:
                shown.append({"kind": "stream", "text": out["text"]})
        elif kind == "error":
            shown.append({"kind": "error", "text": f"{out.get('ename')}: {out.get('evalue')}"})
        else:
            shown.append({"kind": kind, "data": dict(out.get("data", {}))})
    return shown


def _stderr(cell) -> str:
    from standalone_checks import CPU_GUARD_RE

    from cnn_blog._native_logs import drop_native_notes

    text = "".join(o["text"] for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
    return CPU_GUARD_RE.sub("", drop_native_notes(text))


def _describe_difference(page: list[dict], run: list[dict]) -> str:
    import difflib

    lines = []
    for a, b in zip(page, run):
        if a.get("text") != b.get("text"):
            lines += difflib.unified_diff((a.get("text") or "").splitlines(), (b.get("text") or "").splitlines(),
                                          "page", "reader's run", lineterm="", n=0)
        elif a != b:
            changed = sorted(k for k in set(a.get("data", {})) | set(b.get("data", {}))
                             if a.get("data", {}).get(k) != b.get("data", {}).get(k))
            lines.append(f"a {a['kind']} differs in {changed}")
    if len(page) != len(run):
        lines.append(f"{len(page)} outputs on the page, {len(run)} in the run")
    return "\n".join(lines[:30])


@pytest.fixture(scope="module")
def reader_home(tmp_path_factory) -> Path:
    """One home for the reader's runs of a session, as a reader's is: Matplotlib's font cache is built once."""
    return tmp_path_factory.mktemp("reader-home")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_run_as_a_reader_shows_what_the_page_shows(path, site, reader_home, tmp_path):
    from nbclient import NotebookClient
    from standalone_checks import reader_env

    page = nbformat.read(ROOT / "docs" / "notebooks" / path.name, as_version=4)  # what the build's run gave
    work = tmp_path / "download"
    work.mkdir()
    shutil.copyfile(path, work / path.name)  # the notebook as served, alone in a folder
    nb = nbformat.read(work / path.name, as_version=4)
    from traitlets.config import Config

    # IPC sockets, as the build's kernels use: no port to find, no warning about unencrypted TCP
    config = Config({"KernelManager": {"transport": "ipc", "ip": str(tmp_path / "kernel")}})
    client = NotebookClient(nb, kernel_name="python3", timeout=900, resources={"metadata": {"path": str(work)}},
                            config=config)
    client.execute(env=reader_env(reader_home))  # the project's Python, the package installed there
    page_cells = [c for c in page.cells if c.cell_type == "code"]
    run_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert len(page_cells) == len(run_cells), f"{path.name}: the page's notebook has other cells"
    stderr = {k: _stderr(c) for k, c in enumerate(run_cells, 1) if _stderr(c)}
    assert not stderr, f"{path.name}: cells wrote to stderr: {stderr}"
    differing = {k: _describe_difference(_shown_outputs(a), _shown_outputs(b))
                 for k, (a, b) in enumerate(zip(page_cells, run_cells), 1) if _shown_outputs(a) != _shown_outputs(b)}
    assert not differing, f"{path.name}: a reader's run shows other than the page in code cells " + "\n".join(
        f"{k}:\n{what}" for k, what in differing.items())
