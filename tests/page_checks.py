"""Shared test helpers that read a page: its source prose, and the code blocks of the built page."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT, built_page


def page_prose(slug: str, lang: str) -> str:
    """The page's source without its code blocks, on one line: what the reader reads as text."""
    text = (ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    return " ".join(re.sub(r"^```.*?^```", "", text, flags=re.S | re.M).split())


def code_blocks(site: Path, slug: str, lang: str) -> list[tuple[list[str], list[str]]]:
    """Every code block of the page's text, in order: (its lines, its highlighted lines). The setup
    box's pip line (sitebuild/setup_box.py), the same on every part, is not the page's."""
    doc = BeautifulSoup(built_page(site, slug, lang).read_text(encoding="utf-8"), "html.parser")
    return [
        (block.select_one("code").get_text().splitlines(), [h.get_text().rstrip("\n") for h in block.select(".hll")])
        for block in doc.select("article .highlight") if block.find_parent(class_="setup-box") is None
    ]


def page_output(lang: str, rel: str) -> str:
    """What a page of ``lang`` shows for the output ``rel`` ("09_compile/x.out.txt"): the English run's,
    or on a Japanese page the Japanese file's run (sitebuild.code_language; same numbers, tested there)."""
    folder = "docs/generated-ja" if lang == "ja" else "docs/generated"
    return (ROOT / folder / rel).read_text(encoding="utf-8")


def table_under_figure(site: Path, slug: str, lang: str, figure: str, output: str):
    """A figure's data shown as text right under it (one sentence between): the page's source
    includes ``output`` after the figure, and the built page's block after the figure's sentence.
    Returns (the figure's <img>, the lines of that block)."""
    source = (ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    assert source.index(f'--8<-- "{output}"') > source.index(f"(generated/{figure})")
    doc = BeautifulSoup(built_page(site, slug, lang).read_text(encoding="utf-8"), "html.parser")
    img = doc.find("img", src=lambda src: src and src.endswith(Path(figure).name))
    sentence, block = img.parent.find_next_siblings(limit=2)
    assert sentence.name == "p" and "highlight" in block.get("class", [])
    return img, block.select_one("code").get_text().splitlines()
