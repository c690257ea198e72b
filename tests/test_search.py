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
from conftest import LANGS, ROOT, pages_base, require_node
from search_queries import glossary_queries, part_headings, query_set

from sitebuild import downloads, search_index

PARTS = sorted(p.name[: -len(".ja.md")] for p in (ROOT / "docs").glob("[0-9][0-9]-*.ja.md"))

TOP1 = 0.90  # the right part first, for at least this share of the queries
TOP3 = 1.00  # the right part within the first three, for all of them
# bytes of one language's index (Pages serves it gzipped: 90 KB of the Japanese 315 KB when part 2 showed
# the window helpers, issue 25, and passed the earlier 300 KB; 102 KB of the Japanese 358 KB once part 0
# and the glossary's definitions came, issue 26). Issue 28's engine is to bring what a page loads to 300 KB.
INDEX_LIMIT = 380_000

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


HELD_OUT = ROOT / "tests" / "search_heldout.json"


def test_the_held_out_set_is_written_apart_and_answers_with_real_pages():
    """Issue 28's held-out queries: written by a reader who had not read the pages, glossary or headings
    (its "about" says how), kept in its own file and never tuned against; reported apart from the glossary
    and heading sets. Here only its shape: enough queries per language, each answered by pages that exist."""
    held = json.loads(HELD_OUT.read_text(encoding="utf-8"))
    assert "not" in held["about"] and len(held["about"]) > 40
    for lang in LANGS:
        pages = {p.name[: -len(f".{lang}.md")] for p in (ROOT / "docs").glob(f"*.{lang}.md")}
        queries = held[lang]
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
    assert search_index.glossary_keywords(page) == {"11-adam/": "学習率 ラーニングレート ステップ幅 勾配", "": "CNN"}
    assert search_index.glossary_keywords(tmp_path / "missing.html") == {}


def test_code_leaves_the_shown_text_and_its_names_stay_findable():
    doc = {"location": "x/", "title": "t", "text": "<p>前</p> <pre><code>x_train = load(1)\nprint(x_train)</code></pre> <p>後</p>"}
    out = search_index._code_as_words(doc)
    assert out["text"] == "<p>前</p> <p>後</p>" and out["code"] == "x train load print"
    assert search_index._code_as_words({"location": "y/", "text": "<p>a</p>"}) == {"location": "y/", "text": "<p>a</p>"}
    camel = {"location": "z/", "text": "<pre><code>MaxPooling2D(pool_size=2)</code></pre>"}
    assert search_index._code_as_words(camel)["code"] == "max pooling2d pool size"


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
    assert path.stat().st_size <= INDEX_LIMIT, f"{path}: {path.stat().st_size} bytes"
    index = json.loads(path.read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    locations = [d["location"] for d in index["docs"]]
    assert not any(loc.startswith(("en/", "notebooks/")) for loc in locations)
    assert index["config"]["fields"]["keywords"]["boost"] == search_index.KEYWORD_BOOST
    learning = next(d for d in index["docs"] if d["location"] == "00-learning/")  # where the glossary sends it
    assert ("学習率" if lang == "ja" else "learning rate") in learning["keywords"]
    assert not any("<pre>" in d["text"] for d in index["docs"])
    label = downloads.LABELS[lang].split("{")[0]  # the whole-file links are not indexed
    assert not any(label in d["text"] for d in index["docs"]), label
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "self.cnnBlogSegmenter.query(e,this.index)" in worker.read_text(encoding="utf-8")


# --- The worker -------------------------------------------------------------------------------------

def _material_worker() -> Path:
    import material

    return next((Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js"))


def test_the_worker_patch_applies_once_and_fails_loudly_on_another_material(tmp_path):
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    shutil.copy(_material_worker(), workers)
    patched = search_index.patch_worker(tmp_path).read_text(encoding="utf-8")
    assert "self.cnnBlogSegmenter.query(e,this.index)" in patched and "fe(s,this.index.invertedIndex)" not in patched
    assert search_index.patch_worker(tmp_path).read_text(encoding="utf-8") == patched  # once only
    for f in workers.iterdir():
        f.write_text("self.lunr=1;", encoding="utf-8")
    with pytest.raises(ValueError, match="changed"):
        search_index.patch_worker(tmp_path)
    shutil.rmtree(workers)
    with pytest.raises(ValueError, match="found 0"):
        search_index.patch_worker(tmp_path)


def _segmenter(js: str) -> dict:
    node = require_node()
    script = ("var self = globalThis; var lunr = {tokenizer: {separator: /[\\s\\-_:]+/}};" + search_index.BIGRAMS_JS
              + "var seg = new lunr.TinySegmenter(); lunr.TinySegmenter = null;" + js)
    return json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)


def test_japanese_runs_become_overlapping_pieces_with_their_offsets():
    out = _segmenter("""console.log(JSON.stringify({
        seg: seg.segment("one-hot表現は").map(p => [String(p), p.at]),
        ctype: [seg.ctype_("学習"), seg.ctype_("relu")],
        same: new lunr.TinySegmenter() === seg}))""")
    assert out["seg"] == [["one-hot", 0], ["表現", 7], ["現は", 8]]
    assert out["ctype"] == ["H", "O"] and out["same"], "tinyseg.js must not replace the segmenter"


def test_a_query_requires_every_piece_and_word():
    index = {"invertedIndex": {w: {} for w in ["学習", "習率", "feature", "map", "maps", "on", "a", "adam"]}}
    out = _segmenter(f"""var index = {json.dumps(index)};
        console.log(JSON.stringify(["学習率", "窓", "feature map", "On a feature map", "δ adam：", "-adam", "title:x"]
            .map(q => seg.query(q, index))))""")
    assert out == ["+学習 +習率", "+窓*", "+feature* +map*", "+on +a +feature* +map*", "+adam*", "-adam", "title:x"]


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
    test = "tests/test_search.py::test_japanese_runs_become_overlapping_pieces_with_their_offsets"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["PATH"] = str(Path(sys.executable).parent)  # the virtual environment's bin: no node there
    for ci, code, outcome in ((False, 0, "1 skipped"), (True, 1, "1 failed")):
        proc = subprocess.run([sys.executable, "-m", "pytest", "-n0", "-p", "no:cacheprovider", "-rs", test],
                              cwd=ROOT, env={**env, **({"CI": "true"} if ci else {})}, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == code and outcome in proc.stdout, proc.stdout[-2000:]
        assert "no node to run JavaScript here" in proc.stdout
