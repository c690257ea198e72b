"""Fixtures shared by the site tests: the real site is built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")


def mkdocs_env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return env


def given_site() -> Path | None:
    """The built site named by ``CNN_BLOG_SITE`` (the Pages workflow tests the folder it publishes)."""
    folder = os.environ.get("CNN_BLOG_SITE")
    if not folder:
        return None
    path = Path(folder).resolve()
    if not (path / "index.html").is_file():
        raise FileNotFoundError(f"CNN_BLOG_SITE={folder}: no built site there (index.html missing)")
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """``mkdocs build --strict`` of the real site into a temporary folder (the snippet cache is the
    project's own ``.cache/``, so an unchanged tree builds in seconds), or the build CNN_BLOG_SITE names."""
    given = given_site()
    if given is not None:
        return given
    out = tmp_path_factory.mktemp("site") / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=mkdocs_env(), capture_output=True, text=True,
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def page_slugs() -> list[str]:
    """Every page of the site by slug ("index", "03-relu", ...), from the Japanese sources."""
    return sorted(p.name[: -len(".ja.md")] for p in (ROOT / "docs").glob("*.ja.md"))


def built_page(site: Path, slug: str, lang: str) -> Path:
    base = site if lang == "ja" else site / lang
    return base / "index.html" if slug == "index" else base / slug / "index.html"
