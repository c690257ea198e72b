"""One search index per language, so an English query on the English site lists English pages only.

i18n merges every language into one index at the root (``search/search_index.json``).
``split_by_language`` (``on_post_build``) writes ``<lang>/search/search_index.json`` for each other
language and leaves the default language's pages in the root index; ``rebase_search``
(``on_post_page``) makes a page of another language load its own.

Each index also gets the glossary's terms on the page that explains them (``glossary_keywords``) and
loses its code listings, whose names stay findable (``_code_as_words``); Material's search worker is
patched to index and query Japanese as two-character pieces (``patch_worker``, issue 14).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path, PurePosixPath

KEYWORD_BOOST = 1000.0  # as much as a section's title (Material's default for "title")
_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def i18n_languages(config) -> tuple[str, list[str]]:
    """The default language and the other built languages; ``("", [])`` without i18n."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "", []
    return i18n.default_language, [lang for lang in i18n.build_languages if lang != i18n.default_language]


def rebase_search(output: str, dest_path: str, others) -> str:
    """Pages of a non-default language search from their own root (``en/``): Material's search
    worker loads ``<base>/search/search_index.json`` and resolves result links against ``base``."""
    lang = next((lang for lang in others if dest_path.startswith(f"{lang}/")), None)
    if lang is None:
        return output

    def rebase(match):
        app = json.loads(match.group(2))
        base = PurePosixPath(app["base"])  # "../.." on en/03-relu/, ".." on en/
        if base.name == "..":
            app["base"] = base.parent.as_posix()  # one level less: the language's own root
        return match.group(1) + json.dumps(app, ensure_ascii=False) + match.group(3)

    return _CONFIG_RE.sub(rebase, output, count=1)


def split_by_language(site_dir: Path, default: str, others) -> bool:
    """Split ``site_dir``'s merged index into one per language, without notebook pages.

    False, writing nothing, where there is nothing to split: no other language, or no index."""
    index_path = Path(site_dir) / "search" / "search_index.json"
    if not others or not index_path.is_file():
        return False
    if (Path(site_dir) / "assets" / "javascripts" / "workers").is_dir():  # Material's theme
        patch_worker(site_dir)
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if not _is_notebook(d["location"], others)]
    for lang in others:
        prefix = f"{lang}/"
        own = [dict(d, location=d["location"][len(prefix):]) for d in docs if d["location"].startswith(prefix)]
        out = Path(site_dir) / lang / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_index(out, index, own, lang, glossary_keywords(Path(site_dir) / lang / "glossary" / "index.html"))
    rest = [d for d in docs if not d["location"].startswith(tuple(f"{lang}/" for lang in others))]
    _write_index(index_path, index, rest, default, glossary_keywords(Path(site_dir) / "glossary" / "index.html"))
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
                keywords[location].append(alias.group(1).replace("、", " ").replace(",", ""))
    return {location: " ".join(terms) for location, terms in keywords.items()}


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


def _write_index(path: Path, index: dict, docs: list, lang: str, keywords: dict | None = None) -> None:
    """One language per index: with ``lang: [ja, en]`` lunr's multi-language pipeline made English
    words like "pooling" unfindable on the English site. English words on Japanese pages stay
    findable: the pipeline (mkdocs.yml) has no stemmer, and Material matches query words by prefix.

    ``keywords`` (location -> text): the glossary's terms join the page that explains them, in a field
    Material indexes (as much weight as a title) but never shows, so a term lists that page first."""
    config = dict(index["config"], lang=[lang])
    if "fields" not in config:  # not Material's index: leave its documents as they are
        keywords = None
    else:
        config["fields"] = dict(config["fields"], code={"boost": 1.0})
        docs = _without_common_names([_code_as_words(d) for d in docs])
    if keywords:
        config["fields"] = dict(config["fields"], keywords={"boost": KEYWORD_BOOST})
        docs = [dict(d, keywords=keywords[d["location"]]) if d["location"] in keywords else d for d in docs]
    path.write_text(json.dumps(dict(index, config=config, docs=docs), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


# --- Japanese: character bigrams at index and query time (issue 14) -----------------------------
#
# Material segments Japanese with TinySegmenter when it builds the index (学習率 -> 学習 | 率) and, for a
# query, splits each kanji run into the longest words its index holds, never counting the run's last
# character (学習率 -> 学習*: any page about 学習 matched, and 率 was dropped). Here every run of
# kanji, hiragana and katakana is indexed as its overlapping two-character pieces (学習率は -> 学習, 習率,
# 率は), and a query's runs are turned into the same pieces, all required (+学習 +習率): a compound is
# found where it is written, whole. A one-character run is kept as it is (窓), and a one-character
# query matches the pieces it begins (窓*).
#
# The search worker is Material's own file; three fragments of it are replaced in the built site (the
# build fails, naming the fragment, if a Material release changes one of them).

BIGRAMS_JS = r"""
;(() => {
  const RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+/gu;
  const SPLIT = /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+)/u;  // a word's runs and the rest
  const JAPANESE = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+$/u;
  let sorted = null;
  const sortedWords = index => sorted && sorted.index === index ? sorted.words
    : (sorted = {index, words: Object.keys(index.invertedIndex).sort()}).words;
  const lowerBound = (words, w) => {
    let lo = 0, hi = words.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (words[mid] < w) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const piece = (text, at) => Object.assign(new String(text), {at});
  const pieces = run => {  // [text, offset] of each piece of one run
    const chars = [...run];
    if (chars.length < 2) return [[run, 0]];
    const out = [];
    for (let i = 0, at = 0; i + 1 < chars.length; at += chars[i].length, i++) out.push([chars[i] + chars[i + 1], at]);
    return out;
  };
  const segmenter = {
    ctype_: text => /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(text) ? "H" : "O",
    segment(text) {  // the tokens of one word: its Latin parts whole, its Japanese runs as pieces
      const out = [];
      let last = 0;
      for (const m of text.matchAll(RUN)) {
        if (m.index > last) out.push(piece(text.slice(last, m.index), last));
        for (const [p, at] of pieces(m[0])) out.push(piece(p, m.index + at));
        last = m.index + m[0].length;
      }
      if (last < text.length) out.push(piece(text.slice(last), last));
      return out;
    },
    // A query's words are all required (+): a Japanese run as all its pieces (+学習 +習率), a
    // one-character run as the beginning of a piece (+窓*), a Latin word as the beginning of a word
    // (+activ*), but a word of one or two letters before the last as itself (+a, +on: as beginnings
    // they matched most words of a long section). Punctuation, and a Latin word that begins no indexed
    // word (δ, a typo), are left out rather than making the query find nothing. Words the reader
    // marked (+, -, *, ~, ^, field:) stay as written.
    query(text, index) {
      const words = index ? sortedWords(index) : null;
      const known = w => !words || words[lowerBound(words, w)]?.startsWith(w);
      const all = text.trim().split(/\s+/);
      return all.flatMap((word, n) => {
          if (!word || /^[+\-]|[*~^]|^(title|text|tags):/.test(word)) return [word];
        return word.split(SPLIT).filter(Boolean).flatMap(part => {
          if (JAPANESE.test(part)) return [...part].length < 2 ? ["+" + part + "*"] : pieces(part).map(([p]) => "+" + p);
          return part.split(lunr.tokenizer.separator).filter(Boolean)
            .map(w => w.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
            .filter(w => w && known(w)).map(w => "+" + w + (w.length > 2 || n === all.length - 1 ? "*" : ""));
        });
      }).join(" ");
    },
  };
  self.cnnBlogSegmenter = segmenter;
  // Material builds its segmenter with `new lunr.TinySegmenter`; the worker loads tinyseg.js for
  // Japanese later, which must not replace this one.
  Object.defineProperty(lunr, "TinySegmenter", {get: () => function () { return segmenter; }, set() {}});
})();
"""

WORKER_PATCHES = (
    # a query's Japanese runs: pieces instead of the index's longest words
    ('e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))',
     "e=self.cnnBlogSegmenter.query(e,this.index)"),
    # a piece's place in the text (for <mark>): its own offset, as pieces overlap
    ("i[o].push(u+l+y<<12|v[d].length<<2|a)", "i[o].push(u+l+(v[d].at??y)<<12|v[d].length<<2|a)"),
)
_PATCHED = "self.cnnBlogSegmenter"


def patch_worker(site_dir: Path) -> Path:
    """Make the built site's search worker index and query Japanese by two-character pieces.

    Idempotent (i18n runs ``on_post_build`` once per language). ValueError if the worker is missing or
    a fragment to replace is not in it (another Material release)."""
    workers = sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise ValueError(f"expected one Material search worker under {site_dir}/assets/javascripts/workers, "
                         f"found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if _PATCHED in code:
        return worker
    for old, new in WORKER_PATCHES:
        if code.count(old) != 1:
            raise ValueError(f"{worker.name}: Material's search worker changed; the fragment {old!r} to replace "
                             f"is not there once (sitebuild/search_index.py: WORKER_PATCHES)")
        code = code.replace(old, new)
    map_line = code.rfind("\n//# sourceMappingURL=")
    if map_line != -1:  # the map no longer matches: drop it rather than mislead a debugger
        code = code[:map_line] + "\n"
    worker.write_text(code + BIGRAMS_JS, encoding="utf-8")
    return worker
