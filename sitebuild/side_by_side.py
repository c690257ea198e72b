"""The side-by-side view: each page's Japanese and English sections in two aligned columns.

Made after the build from the two built pages (possible because the page pairs are structurally
aligned: the same ``<h2>`` sections in the same order, checked by tests/test_alignment.py). Written to
``side-by-side/<slug>/index.html``; every page links to it (overrides/main.html).

The view loads the same stylesheets and the project's own scripts (``extra_css``, ``extra_javascript``)
as its Japanese page, follows the reader's palette (the one chosen on the site, else the system's light
or dark preference, as Material does), and marks each column with its language so that a screen reader
speaks each in its own voice.

Under each section pair, the date its two sides were last read together (``sitebuild.translations``,
from ``translations.lock.json``), or a note that one side changed since.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from pathlib import Path

from bs4 import BeautifulSoup

from sitebuild import translations

STYLE = """
.sbs-intro { margin-bottom: 1.5em; }
.sbs-row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2.5em;
           border-top: 1px solid var(--md-default-fg-color--lightest); padding-top: 1em; }
.sbs-row > div { min-width: 0; }
.sbs-row img { max-width: 100%; height: auto; }
.sbs-checked { grid-column: 1 / -1; margin: 0 0 0.5em; font-size: 0.7rem;
               color: var(--md-default-fg-color--light); }
@media (max-width: 60em) { .sbs-row { grid-template-columns: minmax(0, 1fr); gap: 0.5em; } }
"""


def page_url(slug: str, lang: str, default: str) -> str:
    """Site-relative folder of a page: "03-relu/", "en/03-relu/", "" and "en/" for the index."""
    prefix = "" if lang == default else f"{lang}/"
    return prefix + ("" if slug == "index" else f"{slug}/")


def _sections(article) -> list[list]:
    """The article's children cut at each <h2> (the part before the first <h2> comes first)."""
    sections: list[list] = [[]]
    for child in list(article.children):
        if getattr(child, "name", None) == "h2":
            sections.append([])
        sections[-1].append(child)
    return sections


def _rebase(fragment, src_dir: str, dest_dir: str) -> None:
    """Rewrite relative links and image paths of a fragment moved from src_dir to dest_dir."""
    for tag, attr in (("a", "href"), ("img", "src"), ("source", "srcset")):
        for node in fragment.find_all(tag) if hasattr(fragment, "find_all") else []:
            value = node.get(attr)
            if not value or re.match(r"^([a-z]+:|/|#)", value):
                continue
            target = posixpath.normpath(posixpath.join(src_dir, value))
            rel = posixpath.relpath(target, dest_dir or ".")
            if value.endswith("/") and not rel.endswith("/"):
                rel += "/"
            node[attr] = rel


def _moved(value: str, src_dir: str, dest_dir: str) -> str:
    """A relative URL written in a page at src_dir, as seen from dest_dir."""
    return posixpath.relpath(posixpath.normpath(posixpath.join(src_dir, value)), dest_dir or ".")


def _head_assets(doc, src_dir: str, dest_dir: str, css: list[str]) -> tuple[list[str], list[str]]:
    """The stylesheets and the project's own scripts the source page loads, relative to dest_dir.
    Material's own script (under assets/) is left out: it expects the page's header and navigation."""
    styles = [_moved(link["href"], src_dir, dest_dir) for link in doc.select('head link[rel="stylesheet"][href]')
              if not re.match(r"^([a-z]+:|/)", link["href"])]
    if not styles:  # a page without stylesheet links: the theme's own
        styles = [posixpath.relpath(c, dest_dir) for c in css]
    scripts = [_moved(tag["src"], src_dir, dest_dir) for tag in doc.select("script[src]")
               if tag["src"] and not re.match(r"^([a-z]+:|/)", tag["src"])
               and not posixpath.normpath(posixpath.join(src_dir, tag["src"])).startswith("assets/")]
    return styles, scripts


def _palette_script(doc, up: str) -> tuple[str, str]:
    """The <body> colour attributes of the source page, and a script that sets the palette as
    Material's does: the one the reader chose on the site (stored under the site's root), else the
    first whose media query matches (prefers-color-scheme), else the first."""
    body = doc.body
    attrs = {k: v for k, v in (body.attrs.items() if body else []) if k.startswith("data-md-color-")}
    palettes = [{k[len("data-md-color-"):]: v for k, v in node.attrs.items() if k.startswith("data-md-color-")}
                for node in doc.select('form[data-md-component="palette"] input')]
    if not palettes:
        return "", ""
    script = (
        "<script>(function(){var p=" + json.dumps(palettes, separators=(",", ":")) + ",c=null;"
        f'try{{var s=JSON.parse(localStorage.getItem(new URL("{up}",location).pathname+".__palette"));c=s&&s.color}}catch(e){{}}'
        'if(!c||!c.scheme||c.media==="(prefers-color-scheme)"){c=p.filter(function(x){return x.media&&matchMedia(x.media).matches})[0]||p[0]}'
        'for(var k in c){if(k!=="media")document.body.setAttribute("data-md-color-"+k,c[k])}})()</script>'
    )
    body_attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items())
    return body_attrs, script


def checked_line(date: str | None) -> str:
    """The note under a section pair: when its two sides were last checked together."""
    if date is None:
        return ('<p class="sbs-checked"><span lang="ja">前回の照合後に片方が変わりました</span> · '
                '<span lang="en">one side changed since the two were last checked together</span></p>')
    return (f'<p class="sbs-checked"><span lang="ja">日英の照合：{date}</span> · '
            f'<span lang="en">checked together on {date}</span></p>')


def section_dates(slug: str) -> list[str | None]:
    """Each section's check date in page order; [] when the page's sources cannot be paired."""
    try:
        return list(translations.checked_dates(slug).values())
    except ValueError:
        return []


def build_page(site: Path, slug: str, default: str, other: str, css: list[str]) -> str | None:
    paths = {lang: site / page_url(slug, lang, default) / "index.html" for lang in (default, other)}
    if not all(p.is_file() for p in paths.values()):
        return None
    dest_dir = f"side-by-side/{slug}/"
    docs, titles, columns = {}, {}, {}
    for lang, path in paths.items():
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if lang == default:
            styles, scripts = _head_assets(doc, page_url(slug, lang, default), dest_dir, css)
            body_attrs, palette = _palette_script(doc, "../../")
        article = doc.select_one("article.md-content__inner")
        for junk in article.select("a.headerlink, p.nb-download, p.sbs-link-wrap, details.setup-box"):  # the box is the site's, not the text's
            junk.decompose()
        _rebase(article, page_url(slug, lang, default), dest_dir)
        docs[lang], titles[lang] = doc, (doc.title.string if doc.title else slug)
        columns[lang] = _sections(article)
    if len(columns[default]) != len(columns[other]):
        raise ValueError(
            f"{slug}: {len(columns[default])} sections in {default} but {len(columns[other])} in {other}; "
            "side-by-side needs the page pair aligned"
        )
    up = "../../"
    rows = []
    dates = section_dates(slug)
    for index, (ja_part, en_part) in enumerate(zip(columns[default], columns[other])):
        left = "".join(str(n) for n in ja_part)
        right = "".join(str(n) for n in en_part)
        note = checked_line(dates[index]) if len(dates) == len(columns[default]) else ""
        rows.append(
            f'<div class="sbs-row"><div lang="{default}">{left}</div><div lang="{other}">{right}</div>{note}</div>'
        )
    links = (
        f'<p class="sbs-intro"><a href="{up}{page_url(slug, default, default)}" lang="{default}">日本語のページへ</a>'
        f' · <a href="{up}{page_url(slug, other, default)}" lang="{other}">English page</a></p>'
    )
    stylesheets = "".join(f'<link rel="stylesheet" href="{html.escape(c)}">' for c in styles)
    script_tags = "".join(f'<script src="{html.escape(c)}"></script>' for c in scripts)
    title = html.escape(f"{titles[default]} / {titles[other]}")
    return (
        f'<!doctype html>\n<html lang="{default}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title>{stylesheets}<style>{STYLE}</style></head>"
        f'<body dir="ltr"{body_attrs}>{palette}<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
        f'<div class="md-content"><article class="md-content__inner md-typeset">{links}{"".join(rows)}'
        f"</article></div></div></main></div>{script_tags}</body></html>\n"
    )


def write_all(site: Path, slugs: list[str], default: str, other: str, cache_dir: Path | None = None) -> list[Path]:
    """Write every page's side-by-side view. With ``cache_dir``, a view whose two pages (and this
    module) are byte-for-byte unchanged is copied from the cache instead of parsed again: parsing
    the 30 pages took about 5 s of every warm rebuild."""
    css = sorted(p.relative_to(site).as_posix() for p in (site / "assets" / "stylesheets").glob("*.css"))
    written = []
    for slug in slugs:
        sources = [site / page_url(slug, lang, default) / "index.html" for lang in (default, other)]
        cached = None
        if cache_dir is not None and all(p.is_file() for p in sources):
            key = hashlib.sha256(Path(__file__).read_bytes() + "\0".join(css).encode())
            key.update(json.dumps(section_dates(slug)).encode())
            for source in sources:
                key.update(source.read_bytes())
            cached = cache_dir / f"{slug}-{key.hexdigest()[:32]}.html"
        if cached is not None and cached.is_file():
            page = cached.read_text(encoding="utf-8")
        else:
            page = build_page(site, slug, default, other, css)
            if page is None:
                continue
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                for stale in cache_dir.glob(f"{slug}-*.html"):
                    stale.unlink()
                cached.write_text(page, encoding="utf-8")
        out = site / "side-by-side" / slug / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        written.append(out)
    return written
