"""The glossary: both languages list the same terms with the same links, and every term is really
used, in that page's language, on the page it links to."""

from __future__ import annotations

import re
import pytest
import yaml
from conftest import ROOT

DOCS = ROOT / "docs"
ROW = re.compile(r"^\|(.+)\|\s*$")
LINK = re.compile(r"\[([^\]]+)\]\(([\w.-]+)\.md\)")


def glossary(lang: str) -> list[tuple[str, str, str]]:
    """(Japanese term, English term, linked slug) for every row of the glossary's tables."""
    rows, header = [], None
    for line in (DOCS / f"glossary.{lang}.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match:
            header = None
            continue
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in match.group(1).split("|")]  # <span lang="ja"> ...
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---| line
        row = dict(zip(header, cells))
        link = LINK.search(row[header[-1]])
        assert link, f"glossary.{lang}.md: no page link in {line!r}"
        rows.append((row["日本語"], row["English"], link.group(2)))
    return rows


def alternatives(term: str) -> list[str]:
    """The term and, for "A (B)" or 「A（B）」, each of A and B on its own."""
    out = [term]
    match = re.fullmatch(r"(.+?)\s*[（(](.+)[）)]", term)
    if match:
        out += [match.group(1).strip(), match.group(2).strip()]
    return out


def prose(slug: str, lang: str) -> str:
    """A page's source without its fenced code blocks (the terms must be in the text itself)."""
    text = (DOCS / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def test_both_glossaries_list_the_same_terms_with_the_same_links():
    ja, en = glossary("ja"), glossary("en")
    assert len(ja) >= 30
    assert ja == en
    assert len({term for term, _, _ in ja}) == len(ja), "a Japanese term is listed twice"
    assert len({term.lower() for _, term, _ in ja}) == len(ja), "an English term is listed twice"


def test_english_glossary_marks_its_japanese_terms_as_japanese():
    """<span lang="ja">: screen readers read the term as Japanese and browsers pick Japanese glyphs."""
    text = (DOCS / "glossary.en.md").read_text(encoding="utf-8")
    for ja, _, _ in glossary("en"):
        assert f'<span lang="ja">{ja}</span>' in text, ja
    outside = re.sub(r'<span lang="ja">[^<]*</span>', "", text).replace("| 日本語 |", "")
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", outside), "Japanese outside a lang=ja span"


def test_every_term_has_its_japanese_and_english_side_in_the_right_script():
    for ja, en, _ in glossary("ja"):
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), ja
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en), en


@pytest.mark.parametrize("ja, en, slug", glossary("ja"), ids=[row[0] for row in glossary("ja")])
def test_term_is_used_on_the_page_it_links_to_in_both_languages(ja, en, slug):
    assert (DOCS / f"{slug}.ja.md").is_file() and (DOCS / f"{slug}.en.md").is_file(), f"{ja}: no page {slug}"
    japanese = prose(slug, "ja")
    assert any(alt in japanese for alt in alternatives(ja)), f"{ja!r} is not used on {slug}.ja.md"
    english = prose(slug, "en").lower()
    assert any(alt.lower() in english for alt in alternatives(en)), f"{en!r} is not used on {slug}.en.md"


def test_glossary_is_the_last_entry_of_both_navigations():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    for language in i18n["languages"]:
        last = language["nav"][-1]
        assert list(last.values()) == ["glossary.md"], (language["locale"], last)


def test_alternatives_split_bracketed_names():
    assert alternatives("フィルタ（カーネル）") == ["フィルタ（カーネル）", "フィルタ", "カーネル"]
    assert alternatives("fully connected layer (dense layer)") == [
        "fully connected layer (dense layer)", "fully connected layer", "dense layer"]
    assert alternatives("epoch") == ["epoch"]
