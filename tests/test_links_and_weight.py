"""The built site's links, anchors and images all resolve, and every page stays light."""

from __future__ import annotations

import statistics
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import pages_base

from sitebuild.page_weight import page_weight, pages, resolve

# What counts in a page's weight: sitebuild/page_weight.py.
PAGE_LIMIT = 1_000_000
MEDIAN_LIMIT = 300_000


def ids_of(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {tag["id"] for tag in doc.find_all(id=True)} | {a["name"] for a in doc.find_all("a", attrs={"name": True})}
    return cache[path]


def test_no_broken_internal_link_anchor_or_image(site):
    broken, ids = [], {}
    for page in pages(site) + [site / "404.html"]:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        refs = [("a", a["href"]) for a in doc.find_all("a", href=True)]
        refs += [("img", img["src"]) for img in doc.find_all("img", src=True)]
        refs += [("link", link["href"]) for link in doc.find_all("link", href=True) if "stylesheet" in link.get("rel", [])]
        refs += [("script", s["src"]) for s in doc.find_all("script", src=True)]
        for kind, ref in refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("mailto:"):
                continue
            if page.name == "404.html" and ref.startswith("/"):  # absolute under the Pages path, /cnn-blog/
                assert ref.startswith(pages_base()), f"404.html: {ref} is not under {pages_base()}"
                target = site / unquote(parts.path)[len(pages_base()):]
                target = target / "index.html" if target.is_dir() else target
            elif parts.path:
                target = resolve(site, page, unquote(parts.path))
            else:
                target = page
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {kind} {ref}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target, ids):
                broken.append(f"{page.relative_to(site)}: anchor {ref}")
    assert not broken, "\n".join(broken[:30])


def test_page_weight_budget(site):
    weights = {p.relative_to(site).as_posix(): page_weight(site, p) for p in pages(site)}
    heavy = {k: v for k, v in weights.items() if v > PAGE_LIMIT}
    assert not heavy, f"pages over {PAGE_LIMIT} bytes with their images: {heavy}"
    assert statistics.median(weights.values()) <= MEDIAN_LIMIT, sorted(weights.items(), key=lambda kv: -kv[1])[:5]


def test_weight_counts_images(site):
    """The measure is not blind to images: the ReLU page weighs more than its HTML alone."""
    page = site / "03-relu" / "index.html"
    assert page_weight(site, page) > page.stat().st_size + 10_000
