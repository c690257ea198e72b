"""The Japanese and English pages stay in sync: same sections, figures, code, numbers (drift test)."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import ROOT, page_slugs

FENCE = re.compile(r"^```")


def structure(markdown: str) -> dict:
    """What must match between the two languages; prose is free."""
    lines = markdown.splitlines()
    in_code = False
    headings, fences = [], []
    for line in lines:
        if FENCE.match(line):
            if not in_code:
                info = re.sub(r'title="[^"]*"', "", line).split()  # titles may be translated
                fences.append(" ".join(info))
            in_code = not in_code
            continue
        if not in_code and line.startswith("#"):
            headings.append(len(line) - len(line.lstrip("#")))
    text = markdown
    return {
        "heading levels": headings,
        "code fences": fences,
        "snippet includes": re.findall(r'^--8<-- "([^"]+)"', text, re.M)
        + [line for block in re.findall(r"^--8<--\n(.*?)^--8<--$", text, re.M | re.S) for line in block.split()],
        "figures": re.findall(r"!\[[^\]]*\]\(([^)\s]+)", text),
        "links to pages": sorted(re.findall(r"\]\(([\w./-]+\.(?:md|ipynb))(?:#[\w-]+)?\)", text)),
        "values": re.findall(r"\{\{\s*([\w./-]+:\w+)\s*\}\}", text),
        "display math": text.count("$$"),
        "inline code": sorted(re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))),
    }


@pytest.mark.parametrize("slug", page_slugs())
def test_page_pair_is_structurally_aligned(slug):
    ja = structure((ROOT / "docs" / f"{slug}.ja.md").read_text(encoding="utf-8"))
    en = structure((ROOT / "docs" / f"{slug}.en.md").read_text(encoding="utf-8"))
    for key in ja:
        assert ja[key] == en[key], f"{slug}: {key} differ\n ja: {ja[key]}\n en: {en[key]}"
    assert ja["heading levels"].count(2) >= 2


def test_every_figure_alt_text_is_written_for_its_language():
    for slug in page_slugs():
        for lang in ("ja", "en"):
            text = (ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
            for alt in re.findall(r"!\[([^\]]*)\]", text):
                has_japanese = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", alt))
                assert alt and has_japanese == (lang == "ja"), (slug, lang, alt)


@pytest.mark.parametrize("name", sorted({p.name.split(".")[0] for p in (ROOT / "notebooks").glob("*.ipynb")}))
def test_notebook_pair_has_the_same_cells_and_code(name):
    ja = nbformat.read(ROOT / "notebooks" / f"{name}.ja.ipynb", as_version=4)
    en = nbformat.read(ROOT / "notebooks" / f"{name}.en.ipynb", as_version=4)
    assert [c.cell_type for c in ja.cells] == [c.cell_type for c in en.cells]
    for a, b in zip(ja.cells, en.cells):
        if a.cell_type == "code":  # the same code, in Japanese (tests/test_translations.py)
            assert ('LANG = "ja"' in a.source) == ('LANG = "en"' in b.source)
        else:
            assert [l for l in a.source.splitlines() if l.startswith("#")].__len__() == \
                   [l for l in b.source.splitlines() if l.startswith("#")].__len__()
    for nb in (ja, en):
        assert all(c.cell_type != "code" or not c.outputs for c in nb.cells), "sources are stored unexecuted"
