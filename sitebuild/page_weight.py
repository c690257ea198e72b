"""What a reader downloads for one page of the built site: its HTML plus the images it shows.

The theme's shared assets (CSS, JavaScript, the search index, the one notebook stylesheet) are fetched
once and cached by the browser, so they are not counted against each page. Used by the page-weight
test (tests/test_links_and_weight.py) and by benchmarks/page_report.py."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def pages(site: Path) -> list[Path]:
    """Every page of the built site (each is a folder's index.html), theme assets excluded."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on ``page`` leads to (directory links end in index.html)."""
    target = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(urlsplit(href).path)))
    path = site / target
    return path / "index.html" if path.is_dir() else path


def page_weight(site: Path, page: Path) -> int:
    """Bytes of the page's HTML and of every distinct image file it shows (inline images are in the HTML)."""
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    own = {resolve(site, page, img["src"]) for img in doc.find_all("img", src=True)
           if not urlsplit(img["src"]).scheme and not img["src"].startswith("data:")}
    return page.stat().st_size + sum(p.stat().st_size for p in own if p.is_file())
