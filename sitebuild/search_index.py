"""One search index per language, so an English query on the English site lists English pages only.

i18n merges every language into one index at the root (``search/search_index.json``).
``split_by_language`` (``on_post_build``) writes ``<lang>/search/search_index.json`` for each other
language and leaves the default language's pages in the root index; ``rebase_search``
(``on_post_page``) makes a page of another language load its own.

Each index also gets the glossary's terms on the page that explains them (``glossary_keywords``) and
its synonyms (``glossary_synonyms``), and loses its code listings, whose names stay findable
(``_code_as_words``), and what every page repeats (``_without_repeats``). Material's UI searches with a
worker of our own (sitebuild/search/worker.js, issue 28): ``install_worker`` and ``rebase_search``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import tomllib
from pathlib import Path, PurePosixPath

_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def i18n_languages(config) -> tuple[str, list[str]]:
    """The default language and the other built languages; ``("", [])`` without i18n."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "", []
    return i18n.default_language, [lang for lang in i18n.build_languages if lang != i18n.default_language]


def rebase_search(output: str, dest_path: str, others) -> str:
    """Point a page's search at its language's index and at our worker.

    Pages of a non-default language search from their own root (``en/``): Material's UI loads
    ``<base>/search/search_index.json`` and resolves result links against ``base``. Every page's UI
    starts our worker (``worker_name()``, beside Material's in the same folder) instead of Material's."""
    lang = next((lang for lang in others if dest_path.startswith(f"{lang}/")), None)
    if lang is None and '"search"' not in output:
        return output

    def rebase(match):
        before = json.loads(match.group(2))
        app = dict(before)
        base = PurePosixPath(app["base"])  # "../.." on en/03-relu/, ".." on en/
        if lang is not None and base.name == "..":
            app["base"] = base.parent.as_posix()  # one level less: the language's own root
        if app.get("search"):
            app["search"] = PurePosixPath(app["search"]).with_name(worker_name()).as_posix()
        if app == before:
            return match.group(0)
        return match.group(1) + json.dumps(app, ensure_ascii=False) + match.group(3)

    return _CONFIG_RE.sub(rebase, output, count=1)


def split_by_language(site_dir: Path, default: str, others) -> bool:
    """Split ``site_dir``'s merged index into one per language, without notebook pages.

    False, writing nothing, where there is nothing to split: no other language, or no index."""
    index_path = Path(site_dir) / "search" / "search_index.json"
    if not others or not index_path.is_file():
        return False
    if (Path(site_dir) / "assets" / "javascripts" / "workers").is_dir():  # Material's theme
        install_worker(site_dir)
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if not _is_notebook(d["location"], others)]
    for lang in others:
        prefix = f"{lang}/"
        own = [dict(d, location=d["location"][len(prefix):]) for d in docs if d["location"].startswith(prefix)]
        out = Path(site_dir) / lang / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        glossary = Path(site_dir) / lang / "glossary" / "index.html"
        _write_index(out, index, own, lang, glossary_keywords(glossary), glossary_synonyms(glossary),
                     glossary_rows(glossary))
    rest = [d for d in docs if not d["location"].startswith(tuple(f"{lang}/" for lang in others))]
    glossary = Path(site_dir) / "glossary" / "index.html"
    _write_index(index_path, index, rest, default, glossary_keywords(glossary), glossary_synonyms(glossary),
                 glossary_rows(glossary))
    return True


_ROW_RE = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL_RE = re.compile(r"<td>(.*?)</td>", re.S)
_HREF_RE = re.compile(r'<a href="([^"]*)"')
# The glossary's sentence of other names for a term (tests/test_glossary.py ALIAS_SENTENCE), in either language.
_ALIAS_RE = re.compile(r"(?:別の呼び方：|Also called: )(.*?)[。.]\s*$", re.S)


def glossary_keywords(glossary_html: Path) -> dict[str, str]:
    """The terms the built glossary page says each page explains, by index location ("03-relu/", ""
    for the home page): the term in the page's language (its first column) with its alias
    ("ReLU（正規化線形関数）"), and the other names its meaning lists for a reader's search
    ("別の呼び方：ワンホット、ワンホットエンコーディング。"). Empty where the language has no glossary page."""
    if not glossary_html.is_file():
        return {}
    keywords: dict[str, list] = {}
    for row in _ROW_RE.findall(glossary_html.read_text(encoding="utf-8")):
        cells = _CELL_RE.findall(row)
        href = _HREF_RE.search(cells[-1]) if cells else None
        if href is None or href.group(1).startswith(("http:", "https:", "#")):
            continue
        target = PurePosixPath("glossary", href.group(1).split("#")[0])  # relative to glossary/
        parts = []
        for part in target.parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        location = "/".join(parts) + "/" if parts else ""
        term = re.sub(r"<[^>]+>", "", cells[0]).strip()
        keywords.setdefault(location, []).append(term)
        for cell in cells[1:-1]:  # the other names a reader may type, at the end of the meaning
            alias = _ALIAS_RE.search(re.sub(r"<[^>]+>", "", cell))
            if alias:
                keywords[location] += [a.strip() for a in re.split(r"[、,]", alias.group(1)) if a.strip()]
    return {location: "; ".join(terms) for location, terms in keywords.items()}


_KERAS_RE = re.compile(r"<code>(.*?)</code>", re.S)
_PAREN_RE = re.compile(r"\s*[（(]([^）)]*)[）)]\s*$")


def glossary_synonyms(glossary_html: Path) -> list[list[str]]:
    """The names the built glossary gives each idea, one list per row of more than one name: the term and
    its alias in brackets (フィルタ（カーネル）), the other language's term, the Keras name, and the other
    names its meaning lists. The worker widens a query that holds one of them by the others, at a lower
    weight: a reader who types ワンホット finds the page that writes one-hot, by what that page says."""
    if not glossary_html.is_file():
        return []
    groups = []
    for row in _ROW_RE.findall(glossary_html.read_text(encoding="utf-8")):
        cells = _CELL_RE.findall(row)
        if len(cells) < 4:
            continue
        names = []
        for term in (_plain(cells[0]), _plain(cells[1])):  # a term in each language, each maybe with an alias
            alias = _PAREN_RE.search(term)
            names += [term[:alias.start()], alias.group(1)] if alias else [term]
        names += [html.unescape(k) for k in _KERAS_RE.findall(cells[2])]
        meaning = _ALIAS_RE.search(_plain(cells[-2]))
        if meaning:
            names += re.split(r"[、,]\s*", meaning.group(1))
        names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
        if len(names) > 1:
            groups.append(names)
    return groups


_H2_RE = re.compile(r'<h2 id="([^"]+)"')


def glossary_rows(glossary_html: Path) -> dict[str, str]:
    """Each section of the built glossary (by its anchor) as the index holds it: every row's names and
    the page it links to, without the meaning. The meanings are the glossary's to show; indexed, their
    sentences made the glossary match most queries, and their bytes were a tenth of each index."""
    if not glossary_html.is_file():
        return {}
    out = {}
    chunks = _H2_RE.split(glossary_html.read_text(encoding="utf-8"))
    for anchor, chunk in zip(chunks[1::2], chunks[2::2]):
        rows = []
        for row in _ROW_RE.findall(chunk):
            cells = _CELL_RE.findall(row)
            if len(cells) >= 4:
                cells = cells[:-2] + cells[-1:]  # all but the meaning
                rows.append(" / ".join(_plain(c) for c in cells if _plain(c)))
        out[anchor] = "; ".join(rows)
    return out


def _is_notebook(location: str, others) -> bool:
    """A part's notebook page repeats its page; listed too, it pushed the page down the results."""
    for lang in others:
        location = location[len(lang) + 1:] if location.startswith(f"{lang}/") else location
    return location.startswith("notebooks/")


_PRE_RE = re.compile(r"<pre>(.*?)</pre>", re.S)
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_SPLIT_RE = re.compile(r"_+|(?<=[a-z0-9])(?=[A-Z][a-z])")


def _code_as_words(doc: dict) -> dict:
    """A section's code listings and printed output leave its shown text (half of each index's bytes,
    the same in both languages); each distinct name in them stays findable, once, in a field Material
    indexes but never shows."""
    blocks = _PRE_RE.findall(doc.get("text", ""))
    if not blocks:
        return doc
    code = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(blocks)))
    # the words the search tokenizer (mkdocs.yml: separator) makes of each name: x_train -> x, train
    names = dict.fromkeys(w.lower() for name in _IDENTIFIER_RE.findall(code) for w in _NAME_SPLIT_RE.split(name) if w)
    # a one-letter name (x, i, w) or a stop word (the, if, to) is a term the worker never looks up
    names = {n: None for n in names if len(n) > 1 and n not in stop_words()}
    text = re.sub(r"\s*<pre>.*?</pre>\s*", " ", doc["text"], flags=re.S).strip()
    return dict(doc, text=text, code=" ".join(names))


COMMON_SHARE = 1 / 4


def _without_common_names(docs: list) -> list:
    """Names in the code of more than ``COMMON_SHARE`` of the sections (``import``, ``np``, ``print``, the
    words of the ``same_numbers_as_the_page()`` line at the top of most snippets) say nothing about what a
    section teaches; indexed, they let a query match every section with code and outrank the page it is
    about (``The same model in NumPy`` fell out of part 13's first three)."""
    counts: dict[str, int] = {}
    for doc in docs:
        for name in set(doc.get("code", "").split()):
            counts[name] = counts.get(name, 0) + 1
    common = {name for name, n in counts.items() if n > COMMON_SHARE * len(docs)}
    if not common:
        return docs
    return [dict(d, code=" ".join(n for n in d["code"].split() if n not in common)) if "code" in d else d
            for d in docs]


# How much a match in each field counts (MiniSearch multiplies a field's BM25+ score by it): a section's
# own title most, the title of the page it is on next, so a question about a part's subject finds that
# part; the names in a section's code least, as they repeat across parts.
FIELDS = {"title": {"boost": 3.0}, "page": {"boost": 1.5}, "text": {"boost": 1.0}, "code": {"boost": 0.5}}
KEYWORD_BOOST = 3.0  # as much as a section's title
# The words a reader may use for a page that the page may not use itself (sitebuild/search/about.toml: other
# names, other spellings, the other language's term, what the page is for), written from the pages alone by
# someone who had not seen the query sets; in a field on the page's first section, weighing as much as text.
ABOUT_BOOST = 1.0
# The worker's ranking (sitebuild/search/worker.js): a page's sections add up as best + second / 2 + third / 3
# ... (``sections``: the exponent of that divisor); a section that holds a phrase of the query whole scores
# up to twice as much (``phrase``); a term that a glossary synonym brings into a query weighs 0.3 of the
# reader's own (``synonym``).
# A query that is exactly one of a page's glossary terms (its keywords, "; "-separated) multiplies that page's
# score by ``exact``: the reader who types the term gets the page the glossary names for it.
RANKING = {"sections": 1.0, "phrase": 1.0, "synonym": 0.3, "exact": 3.0}
# The glossary names every term in one table, with its other names beside it: it matched nearly every
# query, and most of all a query widened by synonyms. Its sections weigh a quarter, so the page that
# explains a term (which the glossary links to) comes first; the glossary still comes up for its own words.
PAGE_BOOST = {"glossary/": 0.25}


_JA_PUNCTUATION_SPACE_RE = re.compile(r"\s+(?=[。、，．・：！？」』）])|(?<=[。、，．・：！？「『（])\s+")


def _plain(markup: str) -> str:
    """Text as the reader reads it, without tags (the worker escapes what it shows), and without the
    spaces a tag left beside Japanese punctuation (「です。 この」 -> 「です。この」): they separate no terms."""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()
    return _JA_PUNCTUATION_SPACE_RE.sub("", text)


_PATH_RE = re.compile(r"\b(?:snippets|cnn_blog|notebooks)/(?:[\w.\-]+/)*(?=[\w.\-]+\.(?:py|ipynb)\b)")
_SENTENCE_RE = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+")


# The last section of every part (STYLE.md) restates what the part's sections say: its title stays indexed
# (まとめ lists every part), its text would only count each of the page's words twice.
SUMMARY_TITLES = ("まとめ", "Summary")


def _without_repeats(docs: list) -> list:
    """What the pages repeat, taken out of the index (the index a page loads stays within its budget,
    tests/test_search.py): a sentence that more than ``COMMON_SHARE`` of the pages hold ("この回のコードは、…
    ノートブックにもなっています"), the folders of a file's path (its name stays: ``window_cells.py``), the text of
    a part's summary (its title stays), and a name in a section's code that its page's titles or text already
    hold (the page is found by them). Nothing only one page says goes."""
    page_of = lambda d: d["location"].split("#")[0]  # noqa: E731
    pages = {page_of(d) for d in docs}
    holders: dict[str, set] = {}
    for d in docs:
        for sentence in _SENTENCE_RE.split(d["text"]):
            holders.setdefault(sentence.strip(), set()).add(page_of(d))
    common = {s for s, where in holders.items() if s and len(where) > COMMON_SHARE * len(pages)}
    out = []
    for d in docs:
        text = "" if d["title"] in SUMMARY_TITLES else " ".join(
            s for s in _SENTENCE_RE.split(d["text"]) if s.strip() not in common).strip()
        text = _JA_PUNCTUATION_SPACE_RE.sub("", text)  # the join put a space after each 「。」
        out.append(dict(d, text=_PATH_RE.sub("", text)))
    shown: dict[str, set] = {}
    for d in out:
        shown.setdefault(page_of(d), set()).update(w.lower() for w in re.findall(r"[A-Za-z0-9]+", d["title"] + " " + d["text"]))
    return [dict(d, code=" ".join(w for w in d["code"].split() if w not in shown[page_of(d)])) if d.get("code") else d
            for d in out]


def page_about(lang: str, path: Path | None = None) -> dict[str, str]:
    """``about.toml``'s words for each page in ``lang``, by index location ("02-conv2d/", "" for the home
    page), "; "-separated as the keywords are. A key that names no page of ``docs/`` is an error: a page
    renamed must take its words along."""
    path = path or SEARCH_DIR / "about.toml"
    if not path.is_file():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    docs = Path(__file__).resolve().parent.parent / "docs"
    unknown = sorted(slug for slug in table if not (docs / f"{slug}.{lang}.md").is_file())
    if unknown:
        raise ValueError(f"{path.name} names pages that docs/ does not have in {lang!r}: {', '.join(unknown)}")
    return {("" if slug == "index" else f"{slug}/"): "; ".join(words.get(lang, []))
            for slug, words in table.items() if words.get(lang)}


def _write_index(path: Path, index: dict, docs: list, lang: str, keywords: dict | None = None,
                 synonyms: list | None = None, glossary: dict | None = None) -> None:
    """One language per index, in the shape Material's UI fetches (``config``, ``docs``), for our
    worker: each section's title and text as plain text, the distinct names of its code in ``code``.

    ``keywords`` (location -> text): the glossary's terms join the page that explains them, in a field
    the worker searches (as much weight as a title) but never shows, so a term lists that page first."""
    config = dict(index["config"], lang=[lang])
    if "fields" not in config:  # not Material's index: leave its documents as they are
        keywords = None
    else:
        config["fields"] = dict(FIELDS)
        config["synonyms"] = synonyms or []
        config["ranking"] = dict(RANKING)
        docs = _without_common_names([_code_as_words(d) for d in docs])
        docs = [dict(d, title=_plain(d["title"]), text=_plain(d.get("text", "")),
                     **{"boost": b for page, b in PAGE_BOOST.items() if d["location"].startswith(page)})
                for d in docs]
        docs = _without_repeats(docs)
        glossary = glossary or {}
        docs = [dict(d, text=glossary[d["location"].split("#")[1]])
                if d["location"].startswith("glossary/#") and d["location"].split("#")[1] in glossary else d
                for d in docs]
        about = page_about(lang)
        if about:
            config["fields"] = dict(config["fields"], about={"boost": ABOUT_BOOST})
            docs = [dict(d, about=about[d["location"]]) if d["location"] in about else d for d in docs]
    if keywords:
        config["fields"] = dict(config["fields"], keywords={"boost": KEYWORD_BOOST})
        docs = [dict(d, keywords=keywords[d["location"]]) if d["location"] in keywords else d for d in docs]
    path.write_text(json.dumps(dict(index, config=config, docs=docs), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


# --- The search worker (issue 28) ------------------------------------------------------------------
#
# Material's UI is kept and talks to a worker of our own (sitebuild/search/worker.js: Japanese as
# overlapping two-character pieces, none of a query's terms required, ranked by MiniSearch's BM25+). The
# built site gets it as one file under a name made of its content's hash, as Material names its assets,
# and every page's ``__config`` points Material's UI at it. Material's minified worker is not changed.

SEARCH_DIR = Path(__file__).resolve().parent / "search"
MINISEARCH_VERSION = "7.2.0"  # package.json pins the same version; ``vendor`` checks it
_MINISEARCH_HEADER = (f"/*! MiniSearch {MINISEARCH_VERSION} (MIT License, https://github.com/lucaong/minisearch), "
                      "vendored from npm by `python3 -m sitebuild.search_index vendor` */\n")


@functools.cache
def stop_words() -> frozenset:
    """The English stop words the worker leaves out of a query (worker.js ``STOP``), read from the worker so
    that the list is written once."""
    source = (SEARCH_DIR / "worker.js").read_text(encoding="utf-8")
    match = re.search(r"const STOP = new Set\(\((.*?)\)\.split\(\" \"\)\);", source, re.S)
    if match is None:
        raise ValueError("sitebuild/search/worker.js: no `const STOP = new Set((...).split(\" \"));` to read")
    return frozenset(" ".join(re.findall(r'"([^"]*)"', match.group(1))).split())


def worker_source() -> bytes:
    """The worker as the site serves it: the vendored MiniSearch, then our worker."""
    return b"".join((SEARCH_DIR / name).read_bytes() for name in ("minisearch.js", "worker.js"))


def worker_name(source: bytes | None = None) -> str:
    """``search.cnn-blog.<hash>.js``, the hash of ``source`` (default: ``worker_source()``)."""
    source = worker_source() if source is None else source
    return f"search.cnn-blog.{hashlib.sha256(source).hexdigest()[:8]}.js"


def install_worker(site_dir: Path) -> Path:
    """Write the worker into the built site's workers folder (whole or not at all)."""
    folder = Path(site_dir) / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True, exist_ok=True)
    source = worker_source()
    path = folder / worker_name(source)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(source)
    os.replace(tmp, path)
    return path


def vendor(node_modules: Path) -> Path:
    """Copy MiniSearch's browser build from ``node_modules`` (``npm ci`` installs the pinned version)
    into sitebuild/search/minisearch.js, with a line naming its version; its source-map line goes, as
    the map is not shipped. ValueError if the installed version is not ``MINISEARCH_VERSION``."""
    package = Path(node_modules) / "minisearch"
    installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != MINISEARCH_VERSION:
        raise ValueError(f"node_modules has MiniSearch {installed}, sitebuild/search_index.py wants "
                         f"{MINISEARCH_VERSION}: run `npm ci`, or change MINISEARCH_VERSION and package.json together")
    code = (package / "dist" / "umd" / "index.js").read_text(encoding="utf-8")
    code = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", code)
    license_text = (package / "LICENSE.txt").read_text(encoding="utf-8").strip().replace("*/", "* /")
    out = SEARCH_DIR / "minisearch.js"
    out.write_text(_MINISEARCH_HEADER + "/*\n" + license_text + "\n*/\n" + code, encoding="utf-8")
    return out


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["vendor"]:
        sys.exit("usage: python3 -m sitebuild.search_index vendor   (copies MiniSearch from node_modules)")
    print(vendor(Path(__file__).resolve().parent.parent / "node_modules"))
