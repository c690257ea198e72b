"""The search query set, taken from the site's own sources (issue 14).

Every glossary term, in each language, with the part its "explained in" link names, and every section
heading (``##``/``###``) of every part page with the part (or parts) that carry it. A new glossary row or
heading joins the set by itself: nothing here lists a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

_ROW = re.compile(r"^\|(.+)\|\s*$")
_LINK = re.compile(r"\[[^\]]*\]\(([^)#]+?)\.md(?:#[^)]*)?\)")
_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*(?:\{[^}]*\})?\s*$")
_PART = re.compile(r"^\d\d-.+$")


@dataclass(frozen=True)
class Query:
    text: str               # what the reader types
    answers: frozenset      # slugs of the pages that are a right first result ("03-relu", "index")
    source: str             # "glossary" or "heading <slug>"


def _plain(markdown: str) -> str:
    """A cell or heading as the reader sees it: no HTML tags, code ticks, emphasis or link targets."""
    text = re.sub(r"<[^>]+>", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "").replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def _main_term(term: str) -> str:
    """The term without its parenthesised alias: 'フィルタ（カーネル）' -> 'フィルタ', 'filter (kernel)' -> 'filter'."""
    return re.split(r"\s*[（(]", term, maxsplit=1)[0].strip()


def glossary_queries(lang: str) -> list[Query]:
    """One query per glossary row: the term in the page's own language (the first column) and the page
    its last column links to."""
    path = DOCS / f"glossary.{lang}.md"
    if not path.is_file():
        raise ValueError(f"no glossary for language {lang!r}: {path} is missing")
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = _ROW.match(line)
        if not row:
            continue
        cells = [c.strip() for c in row.group(1).split("|")]
        link = _LINK.search(cells[-1])
        if link is None:  # the header row, the separator row, or a row without a page
            continue
        term = _main_term(_plain(cells[0]))
        if term:
            queries.append(Query(term, frozenset({link.group(1)}), "glossary"))
    return queries


def part_headings(lang: str) -> dict[str, list[str]]:
    """Each part's section headings (``##`` and ``###``), by slug, as the reader sees them."""
    headings = {}
    for path in sorted(DOCS.glob(f"*.{lang}.md")):
        slug = path.name[: -len(f".{lang}.md")]
        if not _PART.match(slug):
            continue
        found, fenced = [], False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            m = None if fenced else _HEADING.match(line)
            if m:
                found.append(_plain(m.group(2)))
        headings[slug] = found
    return headings


def heading_queries(lang: str) -> list[Query]:
    """One query per distinct heading; a heading that several parts share ("まとめ", "Summary") is right
    on any of them."""
    owners: dict[str, set] = {}
    for slug, headings in part_headings(lang).items():
        for heading in headings:
            owners.setdefault(heading, set()).add(slug)
    return [Query(h, frozenset(slugs), "heading " + ",".join(sorted(slugs))) for h, slugs in owners.items()]


def query_set(lang: str) -> list[Query]:
    if lang not in ("ja", "en"):
        raise ValueError(f"language must be 'ja' or 'en', not {lang!r}")
    return glossary_queries(lang) + heading_queries(lang)
