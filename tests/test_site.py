"""The built site: both languages, the language switcher, search, math, offline reading, notebooks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGS, ROOT, built_page, page_slugs, pages_base

from sitebuild.page_weight import resolve


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_built_in_both_languages(site):
    slugs = page_slugs()
    assert "index" in slugs and "03-relu" in slugs
    for slug in slugs:
        for lang in LANGS:
            assert built_page(site, slug, lang).is_file(), (slug, lang)
        assert (ROOT / "docs" / f"{slug}.en.md").is_file(), f"{slug} has no English source"


def test_japanese_is_the_default_at_root_and_english_under_en(site):
    ja, en = soup(site / "index.html"), soup(site / "en" / "index.html")
    assert ja.html["lang"] == "ja"
    assert en.html["lang"] == "en"


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_leads_to_the_same_page(site, lang):
    other = "en" if lang == "ja" else "ja"
    pages = [built_page(site, s, lang) for s in page_slugs()]
    pages += [site / ("" if lang == "ja" else "en") / "notebooks" / "03-relu" / "index.html"]
    for page in pages:
        links = {a["hreflang"]: a["href"] for a in soup(page).select("a.md-select__link[hreflang]")}
        twin = resolve(site, page, links[other])
        expected = Path(str(page).replace(str(site / "en"), str(site)) if lang == "en"
                        else str(page).replace(str(site), str(site / "en"), 1))
        assert twin == expected, f"{page}: switcher to {other} goes to {twin}"
        assert resolve(site, twin, {a["hreflang"]: a["href"] for a in soup(twin).select("a.md-select__link[hreflang]")}[lang]) == page


def test_navigation_titles_differ_per_language(site):
    ja = soup(site / "index.html").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    en = soup(site / "en" / "index.html").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "はじめに" in ja and "Introduction" not in ja
    assert "Introduction" in en and "はじめに" not in en


def load_index(site: Path, lang: str) -> dict:
    base = site if lang == "ja" else site / lang
    return json.loads((base / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_each_language_searches_its_own_index_with_its_words(site):
    ja, en = load_index(site, "ja"), load_index(site, "en")
    assert ja["config"]["lang"] == ["ja"] and en["config"]["lang"] == ["en"]
    assert "、" in ja["config"]["separator"] and "stemmer" not in ja["config"]["pipeline"]
    assert not any("notebooks/" in d["location"] for d in ja["docs"] + en["docs"]), "notebook pages are searchable"

    def texts(index, location):
        return [d["title"] + " " + d["text"] for d in index["docs"] if d["location"].split("#")[0] == location]

    assert any("活性化関数" in t for t in texts(ja, "03-relu/"))
    assert any("activation function" in t for t in texts(en, "03-relu/"))  # relative to /en/
    # The glossary pairs every English term with its Japanese word, on purpose; other pages are English only.
    assert not any(re.search(r"[\u3040-\u30ff]", d["text"]) for d in en["docs"]
                   if not d["location"].startswith("glossary/")), "Japanese text in the English index"
    assert not any(d["location"].startswith("en/") for d in ja["docs"]), "English pages in the Japanese index"


def test_english_pages_point_search_at_the_english_root(site):
    for page, base in ((site / "en" / "03-relu" / "index.html", site / "en"), (site / "en" / "index.html", site / "en"),
                       (site / "03-relu" / "index.html", site)):
        config = json.loads(soup(page).select_one("script#__config").string)
        assert (page.parent / config["base"]).resolve() == base.resolve(), page
        # every page's search UI starts our worker (issue 28), which the build wrote
        assert (page.parent / config["search"]).is_file() and "/search.cnn-blog." in config["search"], config["search"]


def test_math_is_rendered_to_mathml(site):
    for lang in LANGS:
        page = soup(built_page(site, "03-relu", lang))
        content = page.select_one("article")
        assert content.find("math") is not None
        text = content.get_text()
        assert "\\(" not in text and "\\[" not in text and "$$" not in text


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_the_site_requests_nothing_from_another_host(site):
    """Scripts, styles, fonts, images and frames all come from the site itself."""
    offenders = []
    for page in all_pages(site):
        doc = soup(page)
        for tag, attr in (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            offenders += [f"{page}: {t[attr]}" for t in doc.find_all(tag) if t.get(attr) and EXTERNAL.match(t[attr])]
        for link in doc.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {"stylesheet", "preload", "preconnect", "icon", "modulepreload", "dns-prefetch"}:
                if EXTERNAL.match(link.get("href", "")):
                    offenders.append(f"{page}: {link['href']}")
        for style in doc.find_all("style"):
            offenders += [f"{page}: {u}" for u in re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", style.get_text())]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{css}: {u}" for u in re.findall(r"@import\s+url\(['\"]?https?://[^)]*\)", text)]
        offenders += [f"{css}: {u}" for u in re.findall(r"url\(['\"]?https?://fonts[^)]*\)", text)]
    assert not offenders, "\n".join(offenders[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_relu_page_shows_build_time_output_and_figures_in_its_language(site, lang):
    page = built_page(site, "03-relu", lang)
    doc = soup(page)
    text = doc.select_one("article").get_text()
    # printed output of snippets/03_relu/relu_numpy.py, produced during the build
    assert "relu.backward(ones) =" in text and "[[0.  0.  0. ]" in text
    images = doc.select("article img")
    names = sorted(img["src"].rsplit("/", 1)[-1] for img in images)
    assert names == ["03-relu-all-maps.png", "03-relu-feature-maps.png", "03-relu-graph.svg", "03-relu-model-so-far.png"]
    for img in images:
        assert img.get("alt"), "every figure has alt text"
        assert resolve(site, page, img["src"]).is_file(), img["src"]
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for img in images:
        assert bool(japanese.search(img["alt"])) == (lang == "ja"), img["alt"]


def test_figures_differ_between_languages(site):
    for name in ("03-relu-graph.svg", "03-relu-feature-maps.png"):
        ja = (site / "generated" / "03_relu" / name).read_bytes()
        en = (site / "en" / "generated" / "03_relu" / name).read_bytes()
        assert ja != en, f"{name}: the Japanese and English figures are the same file"


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_page_renders_executed_output_in_each_language(site, lang):
    base = site if lang == "ja" else site / "en"
    page = base / "notebooks" / "03-relu" / "index.html"
    doc = soup(page)
    assert "jupyter-wrapper" in str(doc), "the notebook was not rendered by mkdocs-jupyter"
    assert "script script" not in doc.select_one("article").get_text(" ")
    text = doc.get_text()
    # outputs that exist only once the notebook has been executed
    assert "[[0.  0.  0. ]" in text
    assert {"ja": "ReLU 後: 最小値 0.0", "en": "after ReLU: min 0.0"}[lang] in text  # the notebook's own language
    assert doc.select(".jp-OutputArea-output img"), "the ReLU graph is an executed output"
    heading = "ReLU を動かしてみる" if lang == "ja" else "Running ReLU"
    assert heading in doc.select_one("article h1").get_text()
    link = doc.select_one("p.nb-download a[download]")
    notebook = resolve(site, page, link["href"])
    nb = nbformat.read(notebook, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs, "the downloadable notebook carries its outputs"
    assert notebook.name == f"03-relu.{lang}.ipynb"


def test_404_page_speaks_both_languages(site):
    doc = soup(site / "404.html")
    article = doc.select_one("article")
    assert "ページが見つかりません" in article.get_text() and "Page not found" in article.get_text()
    links = [a["href"] for a in article.select("a")]
    assert links == [pages_base(), pages_base() + "en/"]  # absolute: the 404 page answers at any depth


@pytest.mark.parametrize("slug", page_slugs())
def test_side_by_side_view_pairs_every_section_and_is_linked_from_both_pages(site, slug):
    view = site / "side-by-side" / slug / "index.html"
    for lang in LANGS:
        page = built_page(site, slug, lang)
        link = soup(page).select_one("a.sbs-link")
        assert link is not None and resolve(site, page, link["href"]) == view, page
    doc = soup(view)
    rows = doc.select("div.sbs-row")
    # the pages' text side by side, not the site's own boxes (the setup box is on both pages)
    assert not doc.select("details.setup-box") and (slug == "glossary" or soup(built_page(site, slug, "en")).select("details.setup-box"))
    ja_headings = soup(built_page(site, slug, "ja")).select("article h2")
    assert len(rows) == len(ja_headings) + 1
    for row in rows[1:]:
        ja, en = row.select(':scope > div[lang="ja"]'), row.select(':scope > div[lang="en"]')
        assert ja and en and ja[0].find("h2") and en[0].find("h2")
    # under each pair, the date of its last check from translations.lock.json (or that one side changed)
    from sitebuild import translations

    dates = list(translations.checked_dates(slug, ROOT).values())
    notes = [row.select_one("p.sbs-checked").get_text(" ", strip=True) for row in rows]
    assert len(notes) == len(dates)
    for note, date in zip(notes, dates):
        assert (f"checked together on {date}" in note) if date else ("changed since" in note), (note, date)
    for img in doc.select("img"):
        assert resolve(site, view, img["src"]).is_file(), img["src"]
    for a in doc.select("a[href]"):
        href = a["href"]
        if not href.startswith(("http", "#", "mailto:")):
            assert resolve(site, view, href.split("#")[0]).exists(), href


def notebook_pages(site: Path) -> list[tuple[str, Path]]:
    out = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        name, lang = nb.name.split(".")[0], nb.name.split(".")[1]
        out.append((nb.name, (site if lang == "ja" else site / "en") / "notebooks" / name / "index.html"))
    return out


def test_every_notebook_page_downloads_its_notebook_and_opens_in_colab(site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    repo = urlsplit(config["extra"]["repository"]).path.strip("/")
    pages = notebook_pages(site)
    assert pages
    for name, page in pages:
        doc = soup(page)
        download = resolve(site, page, doc.select_one("p.nb-download a[download]")["href"])
        assert download.name == name and nbformat.read(download, as_version=4).cells
        colab = doc.select_one("a.colab-link")["href"]
        assert colab == f"https://colab.research.google.com/github/{repo}/blob/main/notebooks/{name}"
        assert (ROOT / "notebooks" / name).is_file()


def test_side_by_side_views_are_reused_only_while_both_pages_are_unchanged(site, tmp_path, monkeypatch):
    import shutil

    from sitebuild import side_by_side

    copy = tmp_path / "site"
    for rel in ("03-relu/index.html", "en/03-relu/index.html"):
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site / rel, copy / rel)
    shutil.copytree(site / "assets" / "stylesheets", copy / "assets" / "stylesheets")
    cache = tmp_path / "cache"
    [view] = side_by_side.write_all(copy, ["03-relu"], "ja", "en", cache)
    first = view.read_bytes()
    parse = side_by_side.build_page
    monkeypatch.setattr(side_by_side, "build_page", lambda *args: pytest.fail("parsed again though nothing changed"))
    side_by_side.write_all(copy, ["03-relu"], "ja", "en", cache)
    assert view.read_bytes() == first
    english = copy / "en" / "03-relu" / "index.html"
    english.write_text(english.read_text(encoding="utf-8").replace("ReLU", "ReLU (edited)", 1), encoding="utf-8")
    calls = []
    monkeypatch.setattr(side_by_side, "build_page", lambda *args: calls.append(args) or parse(*args))
    side_by_side.write_all(copy, ["03-relu"], "ja", "en", cache)
    assert calls and view.read_bytes() != first
    assert len(list(cache.glob("03-relu-*.html"))) == 1, "the stale entry stays in the cache"


def test_the_parameter_count_reads_naturally_in_each_language(site):
    """Japanese counts large numbers in 万, English in millions: part 6 says each its own way."""
    ja = soup(built_page(site, "06-flatten-dense", "ja")).get_text()
    en = soup(built_page(site, "06-flatten-dense", "en")).get_text()
    n = (23 * 23 * 64 + 1) * 512  # Dense(512) after Flatten of 23 × 23 × 64 (the series' model)
    assert f"約 {round(n / 1e4):,} 万個" in ja and "M 個" not in ja
    assert f"about {n / 1e6:.1f} million" in en


def test_no_japanese_page_breaks_a_line_between_two_japanese_characters(site):
    """A line break in HTML is drawn as a space; between Japanese characters it must not be there."""
    from sitebuild.japanese import JAPANESE_CHARS

    cjk = f"[{JAPANESE_CHARS}]"
    found = []
    for slug in page_slugs():
        article = soup(built_page(site, slug, "ja")).select_one("article")
        for element in article.find_all(["p", "li", "td"]):
            found += [(slug, hit) for hit in re.findall(f"{cjk}\\n\\s*{cjk}", element.get_text())]
    assert not found, found[:10]


def test_tensorflow_native_log_lines_are_dropped_from_notebook_outputs():
    from sitebuild._child import _without_native_logs

    logs = ("WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
            "I0000 00:00:1795923736.656434    4338 port.cc:153] oneDNN custom operations are on. You may see ...\n")
    outputs = [{"output_type": "stream", "name": "stderr", "text": logs},
               {"output_type": "stream", "name": "stderr", "text": logs + "UserWarning: kept\n"},
               {"output_type": "stream", "name": "stdout", "text": "I0000 00:00:1.2 1 a.cc:1] stdout is kept\n"}]
    assert _without_native_logs(outputs) == [
        {"output_type": "stream", "name": "stderr", "text": "UserWarning: kept\n"},
        {"output_type": "stream", "name": "stdout", "text": "I0000 00:00:1.2 1 a.cc:1] stdout is kept\n"}]


def test_no_notebook_shows_tensorflow_log_lines(site):
    """The executed notebooks (downloads and pages) carry the lesson's output only."""
    for path in sorted(site.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "")
                assert "absl::InitializeLog" not in text and "oneDNN custom operations" not in text, path
    for lang in LANGS:
        page = (site if lang == "ja" else site / lang) / "notebooks" / "05-dropout" / "index.html"
        assert "absl::InitializeLog" not in page.read_text(encoding="utf-8")


WARNING_RE = re.compile(r"findfont|\w+Warning: |WARNING:\w+:|^[IWEF]\d{4} \d\d:\d\d", re.M)


def test_no_warning_reaches_a_page_or_a_notebook(site):
    """Warnings (Matplotlib's findfont, Python's warnings, absl's and TensorFlow's logs) belong in the
    build log: none is on a built page, and no executed notebook keeps a stderr output."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    found = [(p.relative_to(site).as_posix(), m.group(0)) for p in pages
             for m in [WARNING_RE.search(p.read_text(encoding="utf-8"))] if m]
    assert not found, found
    notebooks = sorted(site.rglob("*.ipynb"))
    assert len(notebooks) >= 24
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                assert out.get("name") != "stderr", (path.name, out)
                text = "".join(out.get("text", "")) + json.dumps(out.get("data", {}).get("text/plain", ""))
                assert not WARNING_RE.search(text) and "Warning" not in text, (path.name, text[:300])


# ------------------------------------------------------------------ the site's address: sitemap, canonical, hreflang

def test_the_pages_address_comes_from_the_repository():
    from sitebuild.site_url import pages_url

    assert pages_url("https://github.com/cnn-blog/cnn-blog") == "https://cnn-blog.github.io/cnn-blog/"
    assert pages_url("https://github.com/Someone/someone.github.io") == "https://someone.github.io/"
    assert pages_url("https://github.com/a-b/c.d.git") == "https://a-b.github.io/c.d/"
    for wrong in ("", "https://gitlab.com/a/b", "github.com/a/b", "https://github.com/a"):
        with pytest.raises(ValueError, match="extra.repository"):
            pages_url(wrong)


def _twins(notebooks: bool) -> dict[str, dict[str, str]]:
    """{site-relative folder of every page (and notebook page): {lang: site-relative folder of it in lang}}."""
    pairs = {}
    folders = [("" if slug == "index" else f"{slug}/") for slug in page_slugs()]
    if notebooks:
        folders += [f"notebooks/{p.name.split('.')[0]}/" for p in sorted((ROOT / "notebooks").glob("*.ja.ipynb"))]
    for folder in folders:
        pairs[folder] = pairs["en/" + folder] = {"ja": folder, "en": "en/" + folder}
    return pairs


def test_the_sitemap_lists_absolute_urls_with_each_pages_twin(site):
    """Every URL of sitemap.xml is absolute, under the GitHub Pages address that extra.repository gives,
    and each page names itself and its twin in the other language (hreflang) and nothing else. (The
    sitemap is mkdocs-static-i18n's: it lists the pages; a notebook page is reached from its part.)"""
    from conftest import repository

    from sitebuild.site_url import pages_url

    base = pages_url(repository())
    xml = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "html.parser")
    twins = _twins(notebooks=False)
    seen = set()
    for url in xml.find_all("url"):
        loc = url.find("loc").text
        assert loc.startswith(base), f"not under {base}: {loc}"
        rel = loc[len(base):]
        assert rel in twins, f"the sitemap lists {loc}, which is not a page"
        alternates = {link["hreflang"]: link["href"] for link in url.find_all("xhtml:link")}
        assert alternates == {lang: base + twin for lang, twin in twins[rel].items()}, loc
        seen.add(rel)
    assert seen == set(twins), f"pages missing from the sitemap: {sorted(set(twins) - seen)}"


def test_each_page_names_its_own_address_and_its_twin_in_the_head(site):
    """The canonical link is the page's own absolute address; <link rel="alternate" hreflang> in the
    head, relative (Material fetches each alternate's sitemap: an absolute link would make a local
    copy fetch from the public site), resolves from the page's address to its twin."""
    from conftest import repository

    from sitebuild.site_url import pages_url

    base = pages_url(repository())
    for rel, twins in _twins(notebooks=True).items():
        head = soup(site / rel / "index.html").head
        assert head.find("link", rel="canonical")["href"] == base + rel, rel
        alternates = {link["hreflang"]: urljoin(base + rel, link["href"])
                      for link in head.find_all("link", rel="alternate", hreflang=True)}
        assert alternates == {lang: base + twin for lang, twin in twins.items()}, rel


def test_every_file_of_the_site_is_readable_by_everyone(site):
    """GitHub Pages serves only files readable by every user (actions/upload-pages-artifact says so):
    files written through a temporary file (mkstemp gives 0600) must get the usual mode."""
    import stat

    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 300
    unreadable = [str(p.relative_to(site)) for p in files if not p.stat().st_mode & stat.S_IROTH]
    assert not unreadable, f"{len(unreadable)} files others cannot read, e.g. {unreadable[:5]}"
    for kind in ("snippets", "cnn_blog", "downloads"):
        assert any(p.relative_to(site).parts[0] == kind for p in files), kind
