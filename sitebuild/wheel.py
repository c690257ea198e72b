"""The package the notebooks install: a wheel of this tree's ``cnn_blog``, served by the site.

Each notebook's first cell installs ``cnn_blog`` where it is missing (Colab). It installs this wheel,
``downloads/cnn_blog-<version>-py3-none-any.whl`` on the site, so a reader gets the code the page they
read was built from, not whatever the repository's ``main`` is by then (the wheel and the pages are
published together). ``wheel_url`` is its address on the published site; ``serve`` builds it (with
setuptools, the project's own build backend, through ``pip wheel``) from a copy of the files that
make the package and writes it into the site.

Built once per content: the wheel is kept in ``.cache/wheel/<hash of pyproject.toml, README.md and
cnn_blog/>/``, so an unchanged tree copies it and spends no time. The copy is made in a temporary
folder: setuptools writes ``build/`` and ``*.egg-info`` beside the sources it builds, never in the
checkout.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from sitebuild.runner import write_if_changed

FOLDER = "downloads"
# What setuptools reads to build the wheel (pyproject.toml names README.md as the long description).
_META = ("pyproject.toml", "README.md")


def _project(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def wheel_name(root: Path) -> str:
    """``cnn_blog-0.1.0-py3-none-any.whl``: the name pip gives the pure-Python wheel of this version."""
    project = _project(root)
    return f"{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"


def wheel_url(site_url: str, root: Path) -> str:
    """The wheel's address on the site published at ``site_url``."""
    return f"{site_url.rstrip('/')}/{FOLDER}/{wheel_name(root)}"


def _sources(root: Path) -> list[Path]:
    package = [p for p in (root / "cnn_blog").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")]
    return sorted([root / name for name in _META] + package)


def source_hash(root: Path) -> str:
    h = hashlib.sha256()
    for path in _sources(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def build(root: Path, cache: Path) -> Path:
    """The wheel of the tree at ``root``, from the cache or built now (atomically into the cache)."""
    kept = cache / source_hash(root) / wheel_name(root)
    if kept.is_file():
        return kept
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheel-", dir=cache) as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        for path in _sources(root):
            (src / path.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, src / path.relative_to(root))
        env = {k: v for k, v in os.environ.items() if k not in ("PIP_CONSTRAINT", "PIP_REQUIRE_VIRTUALENV")}
        # --no-build-isolation: the build backend is the setuptools of this environment (the docs
        # extra pins it), so building needs no network.
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                               "--disable-pip-version-check", "-w", str(out), str(src)],
                              env=env, capture_output=True, text=True)
        built = out / wheel_name(root)
        if proc.returncode != 0 or not built.is_file():
            raise RuntimeError(f"building the wheel of cnn_blog failed:\n{proc.stdout}\n{proc.stderr}")
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(built, kept)  # same file system: the cache never holds half a wheel
    return kept


def serve(root: Path, site_dir: Path) -> Path:
    """Write the wheel into ``site_dir/downloads/``; returns its path there."""
    wheel = build(root, root / ".cache" / "wheel")
    dest = site_dir / FOLDER / wheel.name
    write_if_changed(dest, wheel.read_bytes())
    return dest
