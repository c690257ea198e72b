"""Nothing is used before it is explained: the glossary says where each term is defined, and the pages,
read in order (the introduction, then the parts), meet every term there first or with a link to there.

The glossary's link for a term goes to ``page.md#id``; that page defines the term where
``<dfn id="id">term</dfn>`` stands (``<dfn>``: HTML's element for the defining instance of a term,
which the site shows in bold). For every term, in both languages:

- its ``<dfn>`` exists, once, on the page the glossary names, and holds the term;
- every ``<dfn>`` on a page has a glossary row (a new term cannot come in without one);
- its first use in reading order (code blocks, inline code, link targets and numbers left out) is in
  the section of its ``<dfn>`` (from the heading above it) or after; or that first use sits in the
  text of a link to the defining page or to a part still to come (a title, as in the introduction's
  table of contents), or in a paragraph that links to the defining page (its section, on that page)
  (「[第8回](08-categorical-crossentropy.md#loss)で説明します」).

A shorter term inside a longer one is not a use of it (学習 in 学習率, loss in loss function): each
text is read longest term first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from conftest import ROOT
from test_glossary import alternatives

DOCS = ROOT / "docs"
LANGS = ("ja", "en")
PARTS = sorted(p.name[: -len(".ja.md")] for p in DOCS.glob("[0-9][0-9]-*.ja.md"))
READING_ORDER = ["index", *PARTS]

ROW = re.compile(r"^\|(.+)\|\s*$")
LINK = re.compile(r"\[([^\]]+)\]\(([\w.-]+)\.md(?:#([\w-]+))?\)")
DFN = re.compile(r'<dfn id="([\w-]+)">(.*?)</dfn>')


@dataclass(frozen=True)
class Term:
    names: tuple[str, ...]  # the term and its bracketed other name: フィルタ（カーネル） -> フィルタ, カーネル
    slug: str
    anchor: str | None


def glossary_terms(lang: str, text: str | None = None) -> list[Term]:
    """Every row of the glossary's tables: the term in ``lang`` and where it is defined."""
    text = (DOCS / f"glossary.{lang}.md").read_text(encoding="utf-8") if text is None else text
    terms, header = [], None
    for line in text.splitlines():
        match = ROW.match(line)
        if not match:
            header = None
            continue
        cells = [c.strip() for c in match.group(1).split("|")]
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        name = re.sub(r"<[^>]+>", "", cells[0]).strip()
        link = LINK.search(cells[-1])
        assert link, f"glossary.{lang}.md: no page link in {line!r}"
        terms.append(Term(tuple(alternatives(name)), link.group(2), link.group(3)))
    return terms


def _blank(match: re.Match) -> str:
    """The same length of spaces (keeps every offset, and the blank lines that part paragraphs)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def readable(text: str) -> str:
    """A page's source with what is not prose blanked out: fenced code, inline code, the snippet
    lines, ``{{ numbers }}``, link targets, HTML comments and tags (their text stays)."""
    for pattern in (r"^(```|~~~).*?^\1", r"<!--.*?-->", r"`[^`\n]+`", r"\{\{[^}]*\}\}", r"\]\([^)\s]*\)",
                    r"<[^>\n]+>", r"\{[#:.][^}\n]*\}", r"^--8<--.*$"):
        text = re.sub(pattern, _blank, text, flags=re.S | re.M)
    return text


def _pattern(name: str, lang: str) -> str:
    if lang == "en":
        # a word of its own, in any case, plural too: "weights", "the Loss"
        return r"(?<![\w-])" + re.escape(name) + r"(?:s|es)?(?![\w-])"
    return re.escape(name)


def uses(text: str, terms: list[Term], lang: str) -> dict[Term, list[int]]:
    """Where each term is used in ``text`` (a readable() text), longest names first: a place taken by
    a longer term is not a use of a shorter one inside it."""
    names = sorted({(name, term) for term in terms for name in term.names}, key=lambda nt: -len(nt[0]))
    taken = bytearray(len(text))
    found: dict[Term, list[int]] = {}
    flags = re.I if lang == "en" else 0
    for name, term in names:
        for match in re.finditer(_pattern(name, lang), text, flags):
            if any(taken[match.start():match.end()]):
                continue
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
            found.setdefault(term, []).append(match.start())
    return found


def _paragraph(source: str, at: int) -> str:
    start = source.rfind("\n\n", 0, at)
    end = source.find("\n\n", at)
    return source[start + 1 if start >= 0 else 0: end if end >= 0 else len(source)]


def _links_to_definition(source: str, at: int, term: Term, slug: str, order: list[str]) -> bool:
    """The use at ``at`` is inside a link to the defining page, or its paragraph links to the
    defining section (from another page, or ``#anchor`` on the same one)."""
    for link in LINK.finditer(source):
        later = link.group(2) in order and order.index(link.group(2)) > order.index(slug)
        if link.start() <= at < link.end() and (link.group(2) == term.slug or later):
            return True  # a link's text that names a part to come is its title, a signpost
    paragraph = _paragraph(source, at)
    if slug == term.slug:
        return f"](#{term.anchor})" in paragraph
    return any(link.group(2) == term.slug for link in LINK.finditer(paragraph))


def early_uses(lang: str, pages: dict[str, str] | None = None, terms: list[Term] | None = None) -> list[str]:
    """Every term whose first use in reading order comes before its ``<dfn>`` without a link to it:
    '<page>: <term> (defined in <slug>#<anchor>): …context…'."""
    pages = pages or {slug: (DOCS / f"{slug}.{lang}.md").read_text(encoding="utf-8") for slug in READING_ORDER}
    terms = terms if terms is not None else glossary_terms(lang)
    order = list(pages)
    definition = {}
    for term in terms:
        source = pages.get(term.slug, "")
        dfn = next((m for m in DFN.finditer(source) if m.group(1) == term.anchor), None)
        # the defining section starts at the last heading above the <dfn>
        section = source.rfind("\n#", 0, dfn.start()) + 1 if dfn else 0
        definition[term] = (order.index(term.slug) if term.slug in order else len(order), section)
    first: dict[Term, tuple[int, int, str]] = {}
    for index, slug in enumerate(order):
        for term, offsets in uses(readable(pages[slug]), terms, lang).items():
            if term not in first:
                first[term] = (index, offsets[0], slug)
    found = []
    for term, (index, at, slug) in first.items():
        if (index, at) >= definition[term]:
            continue
        if _links_to_definition(pages[slug], at, term, slug, order):
            continue
        context = pages[slug][max(0, at - 30): at + 30].replace("\n", " ")
        found.append(f"{slug}: {term.names[0]} (defined in {term.slug}#{term.anchor}): …{context}…")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_glossary_link_lands_on_the_terms_definition(lang):
    """The glossary links each term to ``page.md#id``, and that page has ``<dfn id="id">`` holding
    the term (or one of its names), once."""
    wrong = []
    for term in glossary_terms(lang):
        source = (DOCS / f"{term.slug}.{lang}.md").read_text(encoding="utf-8")
        dfns = [m.group(2) for m in DFN.finditer(source) if m.group(1) == term.anchor]
        if term.anchor is None or len(dfns) != 1:
            wrong.append(f"{term.names[0]} -> {term.slug}#{term.anchor}: {len(dfns)} <dfn id> there")
        elif not any(name.lower() in re.sub(r"<[^>]+>", "", dfns[0]).lower() for name in term.names):
            wrong.append(f"{term.names[0]} -> {term.slug}#{term.anchor}: the <dfn> holds {dfns[0]!r}")
    assert not wrong, f"glossary.{lang}.md:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_every_defined_term_has_a_glossary_row(lang):
    """A page that defines a term (``<dfn id>``) has it in the glossary, with that very link."""
    rows = {(term.slug, term.anchor) for term in glossary_terms(lang)}
    missing = [f"{slug}#{m.group(1)} ({m.group(2)})"
               for slug in READING_ORDER
               for m in DFN.finditer((DOCS / f"{slug}.{lang}.md").read_text(encoding="utf-8"))
               if (slug, m.group(1)) not in rows]
    assert not missing, f"defined on a page but not in glossary.{lang}.md: {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_term_is_used_before_its_definition(lang):
    found = early_uses(lang)
    assert not found, f"{len(found)} terms used before their definition ({lang}):\n" + "\n".join(found)


def test_the_check_finds_a_term_used_before_its_definition():
    """The check could fail: a part that uses the gradient before the part that defines it fails,
    unless the use links to the definition; a use inside a longer term does not count."""
    terms = [Term(("勾配",), "11-adam", "gradient"), Term(("勾配降下法",), "11-adam", "gradient-descent")]
    defining = '## 勾配\n\n<dfn id="gradient">勾配</dfn>は…。<dfn id="gradient-descent">勾配降下法</dfn>は…。\n'
    early = {"index": "はじめに。\n", "02-conv2d": "損失の勾配を求めます。\n", "11-adam": defining}
    assert early_uses("ja", early, terms) == [
        "02-conv2d: 勾配 (defined in 11-adam#gradient): …損失の勾配を求めます。 …"]
    linked = dict(early, **{"02-conv2d": "損失の勾配を求めます（[第11回](11-adam.md#gradient)）。\n"})
    assert early_uses("ja", linked, terms) == []
    inside = dict(early, **{"02-conv2d": "勾配降下法は[第11回](11-adam.md#gradient-descent)で。\n"})
    assert early_uses("ja", inside, terms) == []
    title = dict(early, **{"02-conv2d": "[Adam：勾配から重みを動かす](11-adam.md)\n"})  # a part to come
    assert early_uses("ja", title, terms) == []
    back = dict(early, **{"02-conv2d": "[はじめにの勾配](index.md)\n"})  # a page already read: a use
    assert len(early_uses("ja", back, terms)) == 1
    code = dict(early, **{"02-conv2d": "```python\ngradient = 勾配\n```\n`勾配`\n"})
    assert early_uses("ja", code, terms) == []
    english = [Term(("gradient",), "11-adam", "gradient")]
    pages = {"index": "Intro.\n", "02-conv2d": "The Gradients of the loss.\n",
             "11-adam": '<dfn id="gradient">gradient</dfn>\n'}
    assert len(early_uses("en", pages, english)) == 1


def test_reading_order_is_the_introduction_then_the_parts():
    assert READING_ORDER[0] == "index" and READING_ORDER[1:] == sorted(READING_ORDER[1:])
    assert len(PARTS) >= 13
