"""sitebuild.search_index: one search index per language, and each language's pages load their own."""

from __future__ import annotations

import json
from types import SimpleNamespace

from sitebuild.search_index import i18n_languages, rebase_search, split_by_language

CONFIG_SCRIPT = '<script id="__config" type="application/json">{}</script>'


def page_html(app: dict) -> str:
    return "<body>" + CONFIG_SCRIPT.format(json.dumps(app)) + "<p>x</p></body>"


def app_of(html: str) -> dict:
    start = html.index('json">') + len('json">')
    return json.loads(html[start:html.index("</script>")])


def test_languages_come_from_i18n_and_are_empty_without_it():
    i18n = SimpleNamespace(default_language="ja", build_languages=["ja", "en", "fr"])
    assert i18n_languages(SimpleNamespace(plugins={"i18n": i18n})) == ("ja", ["en", "fr"])
    assert i18n_languages(SimpleNamespace(plugins={})) == ("", [])


def test_a_page_of_another_language_searches_from_that_language_root():
    app = {"base": "../..", "features": [], "translations": {"search.placeholder": "検索"}}
    out = rebase_search(page_html(app), "en/03-relu/index.html", ["en"])
    assert app_of(out) == dict(app, base="..")
    assert "検索" in out, "non-ASCII kept as it is"
    assert app_of(rebase_search(page_html({"base": ".."}), "en/index.html", ["en"]))["base"] == "."


def test_default_language_pages_and_other_bases_are_left_as_they_are():
    html = page_html({"base": ".."})
    assert rebase_search(html, "03-relu/index.html", ["en"]) is html
    assert rebase_search(html, "english/index.html", ["en"]) is html
    assert rebase_search(html, "en/index.html", []) is html
    assert app_of(rebase_search(page_html({"base": "."}), "en/index.html", ["en"]))["base"] == "."
    assert rebase_search("<p>no config</p>", "en/index.html", ["en"]) == "<p>no config</p>"


def write_merged_index(site, docs):
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"config": {"lang": ["ja", "en"], "separator": "[ ]+"}, "docs": docs}), encoding="utf-8")
    return path


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_merged_index_is_split_per_language_without_notebook_pages(tmp_path):
    root = write_merged_index(tmp_path, [
        {"location": "", "title": "はじめに"},
        {"location": "03-relu/#relu", "title": "ReLU 関数"},
        {"location": "notebooks/03-relu/", "title": "ノートブック"},
        {"location": "en/", "title": "Introduction"},
        {"location": "en/03-relu/#relu", "title": "ReLU"},
        {"location": "en/notebooks/03-relu/", "title": "Notebook"},
    ])
    assert split_by_language(tmp_path, "ja", ["en"]) is True
    ja, en = read(root), read(tmp_path / "en" / "search" / "search_index.json")
    assert ja == {"config": {"lang": ["ja"], "separator": "[ ]+"},
                  "docs": [{"location": "", "title": "はじめに"}, {"location": "03-relu/#relu", "title": "ReLU 関数"}]}
    assert en == {"config": {"lang": ["en"], "separator": "[ ]+"},
                  "docs": [{"location": "", "title": "Introduction"}, {"location": "03-relu/#relu", "title": "ReLU"}]}
    assert "はじめに" in root.read_text(encoding="utf-8"), "written as UTF-8, not \\u escapes"


def test_nothing_is_split_with_one_language_or_without_an_index(tmp_path):
    assert split_by_language(tmp_path, "ja", ["en"]) is False
    root = write_merged_index(tmp_path, [{"location": "notebooks/01-data/", "title": "n"}])
    before = root.read_bytes()
    assert split_by_language(tmp_path, "ja", []) is False
    assert root.read_bytes() == before and not (tmp_path / "en").exists()
