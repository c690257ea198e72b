"""Search (issue 14): the query set taken from the site's sources, run in a browser against the built
site, and the pieces that make Japanese compounds findable (sitebuild/search_index.py)."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import LANGS, ROOT, pages_base, require_node, under_ci
from search_queries import glossary_queries, part_headings, query_set

from sitebuild import downloads, search_index

PARTS = sorted(p.name[: -len(".ja.md")] for p in (ROOT / "docs").glob("[0-9][0-9]-*.ja.md"))

TOP1 = 0.90  # the right part first, for at least this share of the tuned queries (glossary terms, headings)
TOP3 = 0.99  # the right part within the first three
# bytes of one language's index, the one file a page loads to search (issue 28: 294 KB Japanese, 244 KB
# English once every page's repeated sentences, the glossary's meanings and code names the text holds left it)
# The index a page loads: issue 28 set 300 KB per language when each language had 16 pages (the home page,
# the glossary and parts 0-13). Every page adds its words (~20 KB for a part), so the budget is per page:
# 18,750 bytes each on average (gzip, as GitHub Pages sends it, makes ~30 % of that).
INDEX_LIMIT_PER_PAGE = 300_000 // 16

# The queries the issue was filed with: each lists its part first.
ISSUE_QUERIES = [("ja", "学習率", "00-learning"), ("ja", "正解率", "09-compile"), ("ja", "全結合", "06-flatten-dense"),
                 ("en", "feature map", "02-conv2d")]


# --- The query set ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_query_set_holds_every_glossary_term_and_every_heading(lang):
    glossary = (ROOT / "docs" / f"glossary.{lang}.md").read_text(encoding="utf-8")
    rows = [line for line in glossary.splitlines() if line.startswith("| ") and re.search(r"\.md(#[\w-]+)?\)", line)]
    terms = glossary_queries(lang)
    assert len(terms) == len(rows) > 50
    pages = {p.name[: -len(f".{lang}.md")] for p in (ROOT / "docs").glob(f"*.{lang}.md")}
    queries = query_set(lang)
    assert all(q.answers <= pages for q in queries), "an answer that is not a page"
    headings = part_headings(lang)
    assert len(headings) == len(PARTS) >= 14 and all(headings.values())
    texts = {q.text for q in queries}
    assert all(h in texts for hs in headings.values() for h in hs)
    # a heading several parts share is right on any of them
    assert len(next(q for q in queries if q.text == ("まとめ" if lang == "ja" else "Summary")).answers) == len(PARTS)


def test_the_query_set_reads_the_glossary_link_and_drops_the_alias():
    ja = {q.text: q.answers for q in glossary_queries("ja")}
    assert ja["学習率"] == {"00-learning"} and ja["全結合層"] == {"06-flatten-dense"}
    assert ja["フィルタ"] == {"02-conv2d"} and "フィルタ（カーネル）" not in ja
    en = {q.text: q.answers for q in glossary_queries("en")}
    assert en["learning rate"] == {"00-learning"} and en["convolutional neural network"] == {"index"}


# Issue 28's natural queries, each file written by a helper who had read only the part list (its "about" says
# how). search_dev.json was held out until the engine's ranking was chosen against it; search_heldout_b.json
# never was. Reported apart from the tuned set, measured without the glossary's keyword field.
QUERY_FILES = {"dev": ROOT / "tests" / "search_dev.json", "held-out": ROOT / "tests" / "search_heldout_b.json"}
# What the engine reached (issue 28 asks for top-1 85 %, top-3 95 %, at most one empty result; with the words
# readers use for each page, sitebuild/search/about.toml, the held-out set gives ja 80.0 % / 97.1 %, en 81.4 % /
# 94.3 %, no empty result; the closing note gives the numbers): these floors keep it there.
FLOORS = {"dev": (0.85, 0.95, 1), "held-out": (0.75, 0.90, 1)}  # top-1, top-3, queries with no result


def natural_queries(name: str, lang: str) -> list[dict]:
    return json.loads(QUERY_FILES[name].read_text(encoding="utf-8"))[lang]


@pytest.mark.parametrize("name", QUERY_FILES)
def test_the_natural_query_sets_are_written_apart_and_answer_with_real_pages(name):
    """Only their shape here: enough queries per language, each answered by pages that exist, few of
    them the tuned set's own queries, and a note of who wrote them and how they were used."""
    held = json.loads(QUERY_FILES[name].read_text(encoding="utf-8"))
    assert "without reading" in held["about"] and "tune" in held["about"], held["about"]
    for lang in LANGS:
        pages = {p.name[: -len(f".{lang}.md")] for p in (ROOT / "docs").glob(f"*.{lang}.md")}
        queries = natural_queries(name, lang)
        assert len(queries) >= 60 and len({q["q"] for q in queries}) == len(queries), lang
        wrong = [q for q in queries if not q["answers"] or not set(q["answers"]) <= pages]
        assert not wrong, f"{lang}: answers that are not pages: {wrong}"
        own = {q.text for q in query_set(lang)}
        assert len([q for q in queries if q["q"] in own]) < len(queries) / 4, "mostly the tuned set's own queries"


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="language"):
        query_set("fr")
    with pytest.raises(ValueError, match="glossary"):
        glossary_queries("fr")


# --- What the index holds ---------------------------------------------------------------------------

def test_glossary_keywords_follow_the_links_of_the_built_glossary(tmp_path):
    page = tmp_path / "glossary" / "index.html"
    page.parent.mkdir()
    page.write_text('<table><tr><th>a</th></tr>\n<tr>\n<td>学習率</td>\n<td>learning rate</td>\n'
                    '<td>…です。別の呼び方：ラーニングレート、ステップ幅。</td>\n<td><a href="../11-adam/">第11回</a></td>\n</tr>\n<tr><td>CNN</td><td></td><td><a href="../">はじめに</a></td></tr>'
                    '<tr><td><span lang="ja">勾配</span></td><td><a href="../11-adam/#x">第11回</a></td></tr>'
                    '<tr><td>外</td><td><a href="https://example.org/">x</a></td></tr></table>', encoding="utf-8")
    assert search_index.glossary_keywords(page) == {"11-adam/": "学習率; ラーニングレート; ステップ幅; 勾配", "": "CNN"}
    assert search_index.glossary_keywords(tmp_path / "missing.html") == {}


def test_code_leaves_the_shown_text_and_its_names_stay_findable():
    doc = {"location": "x/", "title": "t", "text": "<p>前</p> <pre><code>x_train = load(1)\nprint(x_train)</code></pre> <p>後</p>"}
    out = search_index._code_as_words(doc)
    assert out["text"] == "<p>前</p> <p>後</p>" and out["code"] == "train load print"  # no one-letter name
    assert search_index._code_as_words({"location": "y/", "text": "<p>a</p>"}) == {"location": "y/", "text": "<p>a</p>"}
    camel = {"location": "z/", "text": "<pre><code>MaxPooling2D(pool_size=2)</code></pre>"}
    assert search_index._code_as_words(camel)["code"] == "max pooling2d pool size"
    stop = {"location": "s/", "text": "<pre><code>if the_size is None: print(size_of_it)</code></pre>"}
    assert search_index._code_as_words(stop)["code"] == "size none print"  # the worker never looks up if, the, is, of


def test_what_the_pages_repeat_leaves_the_index_and_what_one_page_says_stays():
    docs = [{"location": "a/", "title": "A", "text": "conv は畳み込み。 共通の文。"},
            {"location": "a/#x", "title": "X", "text": "ここで学ぶ。 snippets/02_conv2d/window_cells.py を見る。",
             "code": "conv naive pad"},
            {"location": "a/#s", "title": "まとめ", "text": "conv を学んだ。"},
            {"location": "b/#y", "title": "Y", "text": "別の話。 共通の文。", "code": "conv"}]
    docs += [{"location": f"{c}/", "title": c, "text": f"{c} の話。"} for c in "cde"]
    out = {d["location"]: d for d in search_index._without_repeats(docs)}
    assert out["a/"]["text"] == "conv は畳み込み。" and out["b/#y"]["text"] == "別の話。"  # 共通の文 is on 2 pages of 5
    assert out["a/#x"] == dict(docs[1], text="ここで学ぶ。window_cells.py を見る。", code="naive pad")  # conv: page a says it
    assert out["a/#s"] == {"location": "a/#s", "title": "まとめ", "text": ""}  # a summary keeps its title only
    assert out["b/#y"]["code"] == "conv" and out["c/"] == docs[4]  # page b never says conv in its text


def test_the_stop_words_are_read_from_the_worker_and_a_worker_without_them_is_an_error(tmp_path, monkeypatch):
    assert {"the", "if", "is", "of", "how", "does"} <= search_index.stop_words() and "none" not in search_index.stop_words()
    (tmp_path / "worker.js").write_text("const STOPS = [];\n", encoding="utf-8")
    monkeypatch.setattr(search_index, "SEARCH_DIR", tmp_path)
    search_index.stop_words.cache_clear()
    try:
        with pytest.raises(ValueError, match="const STOP"):
            search_index.stop_words()
    finally:
        monkeypatch.undo()
        search_index.stop_words.cache_clear()


def test_plain_text_keeps_no_space_beside_japanese_punctuation():
    assert search_index._plain("<p>です。 <code>x</code> を「 見る 」（ <em>a</em> ）、 次</p>") == "です。x を「見る」（a）、次"
    assert search_index._plain("<p>It is <code>x</code>. Then y, z.</p>") == "It is x . Then y, z."


def test_each_page_gets_the_words_readers_use_for_it_and_a_page_that_is_not_there_is_an_error(tmp_path):
    about = tmp_path / "about.toml"
    about.write_text('["index"]\nja = ["入門", "CNN とは"]\nen = ["intro"]\n["03-relu"]\nen = ["rectifier"]\n',
                     encoding="utf-8")
    assert search_index.page_about("ja", about) == {"": "入門; CNN とは"}
    assert search_index.page_about("en", about) == {"": "intro", "03-relu/": "rectifier"}
    about.write_text('["03-rectifier"]\nja = ["ランプ"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="03-rectifier"):
        search_index.page_about("ja", about)
    assert search_index.page_about("ja", tmp_path / "missing.toml") == {}
    shipped = search_index.page_about("ja")  # the shipped file: every part, the home page and the glossary
    assert len(shipped) == len(PARTS) + 2 and all(len(words.split("; ")) >= 10 for words in shipped.values())


def test_names_in_the_code_of_most_sections_are_not_indexed():
    docs = [{"location": f"{i}/", "text": "", "code": "np same" + (" conv" if i == 0 else "")} for i in range(8)]
    docs.append({"location": "9/", "text": "<p>no code</p>"})
    out = search_index._without_common_names(docs)
    assert [d.get("code") for d in out] == ["conv"] + [""] * 7 + [None]
    rare = [{"location": "a/", "text": "", "code": "np"}] + [{"location": f"{i}/", "text": ""} for i in range(4)]
    assert search_index._without_common_names(rare) == rare  # one section of five: kept


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_index_within_the_limit(site, lang):
    path = (site if lang == "ja" else site / lang) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    pages = len(list((ROOT / "docs").glob(f"*.{lang}.md")))
    assert path.stat().st_size <= INDEX_LIMIT_PER_PAGE * pages, f"{path}: {path.stat().st_size} bytes, {pages} pages"
    assert index["config"]["lang"] == [lang]
    locations = [d["location"] for d in index["docs"]]
    assert not any(loc.startswith(("en/", "notebooks/")) for loc in locations)
    assert index["config"]["fields"]["keywords"]["boost"] == search_index.KEYWORD_BOOST
    learning = next(d for d in index["docs"] if d["location"] == "00-learning/")  # where the glossary sends it
    assert ("学習率" if lang == "ja" else "learning rate") in learning["keywords"]
    assert not any("<pre>" in d["text"] for d in index["docs"])
    label = downloads.LABELS[lang].split("{")[0]  # the whole-file links are not indexed
    assert not any(label in d["text"] for d in index["docs"]), label
    assert index["config"]["ranking"] == search_index.RANKING and len(index["config"]["synonyms"]) > 50
    assert index["config"]["fields"]["about"]["boost"] == search_index.ABOUT_BOOST
    about = search_index.page_about(lang)
    assert {d["location"]: d["about"] for d in index["docs"] if "about" in d} == about  # each on its page's article
    glossary = [d for d in index["docs"] if d["location"].startswith("glossary/#")]
    assert glossary and all(d["boost"] == search_index.PAGE_BOOST["glossary/"] for d in glossary)
    assert not any(re.search(r"</?(?:p|code|li|ul|ol|pre)>", d["text"]) for d in index["docs"]), "markup in the index"
    workers = site / "assets" / "javascripts" / "workers"
    assert (workers / search_index.worker_name()).read_bytes() == search_index.worker_source()
    # Material's own worker is left as Material ships it (issue 28: no patched minified code)
    assert (workers / _material_worker().name).read_bytes() == _material_worker().read_bytes()


# --- The worker -------------------------------------------------------------------------------------

def _material_worker() -> Path:
    import material

    return next((Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js"))


def test_the_worker_is_installed_whole_under_a_name_made_of_its_content(tmp_path, monkeypatch):
    path = search_index.install_worker(tmp_path)
    assert path.parent == tmp_path / "assets" / "javascripts" / "workers" and path.name == search_index.worker_name()
    assert path.read_bytes() == search_index.worker_source() and not list(path.parent.glob(".*"))
    assert re.fullmatch(r"search\.cnn-blog\.[0-9a-f]{8}\.js", path.name)
    changed = tmp_path / "src"
    changed.mkdir()
    for name in ("minisearch.js", "worker.js"):
        (changed / name).write_bytes((search_index.SEARCH_DIR / name).read_bytes())
    monkeypatch.setattr(search_index, "SEARCH_DIR", changed)
    assert search_index.worker_name() == path.name
    (changed / "worker.js").write_text((changed / "worker.js").read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert search_index.worker_name() != path.name, "a changed worker must get a new name, or browsers keep the old one"


def test_every_page_starts_our_worker_and_other_languages_search_from_their_root():
    page = ('<script id="__config" type="application/json">{"base": "../..", "search": '
            '"../../assets/javascripts/workers/search.a7633da7.min.js"}</script>')
    en = json.loads(re.search(r">(\{.*\})<", search_index.rebase_search(page, "en/03-relu/index.html", ["en"])).group(1))
    assert en == {"base": "..", "search": f"../../assets/javascripts/workers/{search_index.worker_name()}"}
    ja = json.loads(re.search(r">(\{.*\})<", search_index.rebase_search(page, "03-relu/index.html", ["en"])).group(1))
    assert ja == {"base": "../..", "search": f"../../assets/javascripts/workers/{search_index.worker_name()}"}


def test_the_vendored_minisearch_is_the_pinned_package_and_a_wrong_version_is_refused(tmp_path, monkeypatch):
    """sitebuild/search/minisearch.js is what ``vendor`` makes of the version package.json pins (npm ci
    installs it for the tests); another version in node_modules is refused, naming both."""
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["minisearch"]
    assert pinned == search_index.MINISEARCH_VERSION
    node_modules = ROOT / "node_modules"
    if not (node_modules / "minisearch").is_dir():
        if under_ci():
            pytest.fail("node_modules/minisearch is missing: dev.py runs `npm ci` (package-lock.json)")
        pytest.skip("node_modules/minisearch is missing: run `npm ci`")
    monkeypatch.setattr(search_index, "SEARCH_DIR", tmp_path)
    out = search_index.vendor(node_modules)
    assert out.read_bytes() == (ROOT / "sitebuild" / "search" / "minisearch.js").read_bytes()
    assert f"MiniSearch {pinned}" in out.read_text(encoding="utf-8").splitlines()[0]
    assert "Copyright" in out.read_text(encoding="utf-8")[:600], "the MIT licence travels with the copy"
    fake = tmp_path / "nm" / "minisearch"
    fake.mkdir(parents=True)
    (fake / "package.json").write_text('{"version": "6.0.0"}', encoding="utf-8")
    with pytest.raises(ValueError, match="6.0.0.*7.2.0|MiniSearch 6.0.0"):
        search_index.vendor(tmp_path / "nm")


def _worker(js: str, index: dict | None = None) -> object:
    """Run the site's worker in node on ``index`` (SETUP, as Material's UI sends it) and return what
    ``js`` prints as JSON; ``ask(q)`` sends a QUERY and returns the RESULT's data."""
    node = require_node()
    files = [str(search_index.SEARCH_DIR / name) for name in ("minisearch.js", "worker.js")]  # worker_source()'s order
    script = ("const fs = require('fs'), vm = require('vm'); let last = null;"
              "const ctx = {console, postMessage: m => { last = m; }, addEventListener: (t, f) => { ctx.handler = f; }};"
              "ctx.self = ctx; vm.createContext(ctx);"  # a worker's globals: no module, so the UMD build sets self.MiniSearch
              f"vm.runInContext({json.dumps(files)}.map(f => fs.readFileSync(f, 'utf8')).join(''), ctx);"
              f"ctx.handler({{data: {{type: 0, data: {json.dumps(index or TINY)}}}}});"
              "const ask = q => { ctx.handler({data: {type: 2, data: q}}); return last.data; };"
              "const S = ctx.cnnBlogSearch;" + js)
    proc = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _doc(location, title, text, **more):
    return {"location": location, "title": title, "text": text, **more}


TINY = {"config": {"lang": ["ja"], "fields": dict(search_index.FIELDS, keywords={"boost": search_index.KEYWORD_BOOST}),
                   "ranking": search_index.RANKING, "synonyms": [["ワンホット表現", "one-hot", "ワンホット"]]},
        "docs": [_doc("a/", "第2回 Conv2D", "畳み込み層はフィルタを画像の上でずらします。"),
                 _doc("a/#conv", "畳み込みとは", "画像とフィルタの積を足します。"),
                 _doc("b/", "第1回 データ", "ラベルを one-hot にします。"),
                 _doc("b/#split", "分け方", "訓練とテストに分けます。<script> & co."),
                 _doc("c/", "第3回 ReLU", "畳みの話ではなく、込み入った活性化関数の話です。"),
                 _doc("g/#t", "用語", "畳み込み / convolution; ワンホット表現 / one-hot", boost=0.25)]}


def _pages(result) -> list[str]:
    return [group[0]["location"].split("#")[0] for group in result["items"]]


def test_terms_are_two_character_pieces_latin_words_and_their_camel_case_parts():
    out = _worker("""console.log(JSON.stringify({
        ja: S.terms("学習率は").map(t => t[0]), one: S.terms("窓").map(t => t[0]),
        latin: S.terms("MaxPooling2D one-hot").map(t => t[0]), nfkc: S.terms("ＣＮＮ ﾊﾞｯﾁ").map(t => t[0]),
        okurigana: S.terms("畳み込み").map(t => t[0]),
        query: S.queryTerms("how does the Dropout work").map(t => t[0])}))""")
    assert out["ja"] == ["学習", "習率", "率は"] and out["one"] == ["窓"]
    assert out["latin"] == ["maxpooling2d", "max", "pooling2d", "one", "hot"]
    assert out["nfkc"] == ["cnn", "バッ", "ッチ"]
    assert out["okurigana"] == ["畳み", "み込", "込み", "畳込"], "the word without its okurigana too"
    assert out["query"] == ["dropout", "work"], "lunr's English stop words leave a question"


def test_a_query_needs_none_of_its_pieces_and_ranks_the_page_that_holds_it_whole_first():
    out = _worker("""console.log(JSON.stringify([ask("畳み込みとは"), ask("畳込み"), ask("convlution"),
                                                   ask("フィルタ 量子"), ask("xyzzy"), ask("the")]))""")
    whole, bare, typo, partial, nothing, stop = out
    assert _pages(whole)[0] == "a/" and whole["items"][0][0]["location"] == "a/#conv", "the section titled so first"
    assert "c/" in _pages(whole) and _pages(whole).index("c/") > _pages(whole).index("a/"), "scattered pieces rank lower"
    assert _pages(bare)[0] == "a/", "畳込み finds 畳み込み"
    assert _pages(typo) == ["g/"], "one typo in ten letters is forgiven"
    assert _pages(partial)[0] == "a/", "a word no page has does not empty the result"
    assert nothing == {"items": []} and stop == {"items": []}


def test_a_synonym_widens_the_query_at_a_lower_weight_and_the_glossary_ranks_below_the_page():
    out = _worker("""console.log(JSON.stringify([ask("ワンホット"), ask("one-hot"), ask("畳み込み")]))""")
    widened, direct, term = out
    score = {group[0]["location"].split("#")[0]: group[0]["score"] for group in widened["items"]}
    assert "b/" in score, "the page that writes one-hot is found by its synonym ワンホット"
    direct_b = next(g[0]["score"] for g in direct["items"] if g[0]["location"].startswith("b/"))
    assert score["b/"] < 0.5 * direct_b, "a synonym's term weighs less than the reader's own"
    assert _pages(term)[:2] == ["a/", "g/"], "the glossary's short row ranks below the page that explains it"


def test_a_query_that_is_exactly_a_glossary_term_lists_the_page_the_glossary_names():
    index = json.loads(json.dumps(TINY))
    index["docs"][4]["keywords"] = "畳み込み; 込み入った話"  # c/ is where the glossary says 畳み込み is explained
    exact, longer = _worker("""console.log(JSON.stringify([ask("畳み込み"), ask("畳み込みとは")]))""", index)
    assert _pages(exact)[0] == "c/", "the exact term: the glossary's page first"
    assert _pages(longer)[0] == "a/", "not the exact term: ranked by the text"


def test_results_are_pages_with_their_article_first_marked_and_escaped():
    out = _worker("""console.log(JSON.stringify(ask("テスト 分け方")))""")
    group = out["items"][0]
    assert [d["location"] for d in group] == ["b/#split", "b/"], "the section, then its page (the UI needs both)"
    section = group[0]
    assert section["title"] == "<mark>分け方</mark>"
    assert "<mark>テスト</mark>" in section["text"] and "&lt;script&gt; &amp; co." in section["text"]
    assert section["terms"] == {"テスト": True, "分け方": True} and group[1]["score"] == 0


def test_overlapping_pieces_make_one_mark():
    out = _worker("""console.log(JSON.stringify([S.highlight("学習率は大事", ["学習", "習率"]),
                                                   S.highlight("ＣＮＮ と cnn", ["cnn"])]))""")
    assert out == ["<mark>学習率</mark>は大事", "<mark>ＣＮＮ</mark> と <mark>cnn</mark>"]


# --- In the browser ---------------------------------------------------------------------------------

def _slug(href: str, lang: str) -> str:
    path = urlsplit(href).path
    assert path.startswith(pages_base()), f"a result outside the site: {href}"
    path = path[len(pages_base()):].strip("/")
    if lang == "en":
        assert path == "en" or path.startswith("en/"), f"an English query listed {href}"
        path = path[len("en"):].strip("/")
    else:
        assert not path.startswith("en/") and path != "en", f"a Japanese query listed {href}"
    assert not path.startswith("notebooks/"), f"a notebook page listed: {href}"
    return path.split("/")[0] or "index"


def _results(page, box, query: str) -> list[str]:
    """The page links of the first three results, as Material lists them for ``query``."""
    box.fill("")
    box.press("End")
    page.wait_for_function("!document.querySelector('.md-search-result__item')")
    box.fill(query)
    box.press("End")  # Material searches on key events
    try:
        page.locator(".md-search-result__item a").first.wait_for(timeout=3_000)
    except Exception:  # noqa: BLE001  (no result at all: a miss)
        return []
    return page.locator(".md-search-result__item").evaluate_all(
        "items => items.slice(0, 3).map(i => i.querySelector('a').href)")


def _open_search(context, server, lang):
    page = context.new_page()
    page.goto(server + ("" if lang == "ja" else "en/"))
    page.wait_for_load_state("networkidle")
    return page, page.locator("input.md-search__input")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_query_set_finds_the_right_part(context, server, lang):
    page, box = _open_search(context, server, lang)
    queries = query_set(lang)
    top1, top3, misses = 0, 0, []
    for query in queries:
        slugs = [_slug(href, lang) for href in _results(page, box, query.text)]
        top1 += bool(slugs) and slugs[0] in query.answers
        found = any(s in query.answers for s in slugs)
        top3 += found
        if not found:
            misses.append(f"{query.text!r} ({query.source}) -> {slugs}")
    page.close()
    n = len(queries)
    print(f"\n{lang}: {n} queries, top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%}")
    assert top1 / n >= TOP1, f"{lang}: top-1 {top1}/{n}"
    assert top3 / n >= TOP3, f"{lang}: top-3 {top3}/{n}; not in the first three:\n" + "\n".join(misses)


@pytest.mark.parametrize("name", QUERY_FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_natural_queries_find_their_part_without_the_glossary_keywords(browser, server, lang, name):
    """The natural query sets in the real browser, with the keyword field (the glossary's terms on the page
    that explains them) taken out of the index the page loads: what the engine finds by the pages' own words,
    the glossary's synonyms and the words readers use for each page (about.toml, written without the sets)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})

    def without_keywords(route):
        response = route.fetch()
        index = response.json()
        assert any("keywords" in d for d in index["docs"])
        for doc in index["docs"]:
            doc.pop("keywords", None)
        route.fulfill(response=response, body=json.dumps(index, ensure_ascii=False))

    context.route("**/search/search_index.json", without_keywords)
    page, box = _open_search(context, server, lang)
    queries = natural_queries(name, lang)
    top1, top3, empty, misses = 0, 0, 0, []
    for query in queries:
        slugs = [_slug(href, lang) for href in _results(page, box, query["q"])]
        top1 += bool(slugs) and slugs[0] in query["answers"]
        top3 += any(s in query["answers"] for s in slugs)
        empty += not slugs
        if not slugs:
            misses.append(query["q"])
    context.close()
    n = len(queries)
    print(f"\n{name} {lang}: {n} queries, top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%}, {empty} with no result")
    floor1, floor3, most_empty = FLOORS[name]
    assert top1 / n >= floor1 and top3 / n >= floor3, f"{name} {lang}: top-1 {top1}/{n}, top-3 {top3}/{n}"
    assert empty <= most_empty, f"{name} {lang}: no result for {misses}"


@pytest.mark.parametrize("lang, query, slug", ISSUE_QUERIES)
def test_the_issues_queries_list_their_part_first_and_link_the_section(context, server, lang, query, slug):
    page, box = _open_search(context, server, lang)
    hrefs = _results(page, box, query)
    assert hrefs and _slug(hrefs[0], lang) == slug, f"{query!r} listed {hrefs[:1]}"
    sections = page.locator(".md-search-result__item").first.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any(urlsplit(h).fragment for h in sections[1:]), f"{query!r}: no link to a section: {sections}"
    page.close()


def test_search_opens_and_follows_a_result_with_the_keyboard(context, server):
    page = context.new_page()
    page.goto(server + "03-relu/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut
    box = page.locator("input.md-search__input")
    assert box.evaluate("e => e === document.activeElement")
    box.fill("学習率")
    box.press("End")
    page.locator(".md-search-result__item a").first.wait_for(timeout=5_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/00-learning/**")  # where the glossary says the learning rate is explained
    page.close()


def test_without_node_the_segmenter_tests_skip_but_fail_under_ci():
    """The segmenter's tests need node: without it they are skipped, saying why, and under CI=true
    they fail (as a missing browser does), so the code that matters most for search is never silently untested."""
    test = "tests/test_search.py::test_terms_are_two_character_pieces_latin_words_and_their_camel_case_parts"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["PATH"] = str(Path(sys.executable).parent)  # the virtual environment's bin: no node there
    for ci, code, outcome in ((False, 0, "1 skipped"), (True, 1, "1 failed")):
        proc = subprocess.run([sys.executable, "-m", "pytest", "-n0", "-p", "no:cacheprovider", "-rs", test],
                              cwd=ROOT, env={**env, **({"CI": "true"} if ci else {})}, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == code and outcome in proc.stdout, proc.stdout[-2000:]
        assert "no node to run JavaScript here" in proc.stdout
