"""Whole-file downloads (sitebuild/downloads.py), part pages' links to their notebooks
(sitebuild/notebook_links.py) and notebook images' alt texts (sitebuild/notebook_pages.py)."""

from __future__ import annotations

import json
import posixpath
import re

import pytest
from conftest import LANGS, ROOT, built_page, page_slugs
from mkdocs.exceptions import PluginError

from sitebuild import downloads, notebook_links, notebook_pages

BLOCK = ('<div class="language-python highlight"><span class="filename">{title}</span><pre><span></span>'
         '<code>print(1)\n</code></pre></div>')


def test_a_block_titled_with_a_snippet_gets_a_link_relative_to_its_page():
    html = BLOCK.format(title="snippets/03_relu/relu_numpy.py") + BLOCK.format(title="cnn_blog/layers.py")
    html += BLOCK.format(title="snippets/03_relu/relu_count.py").replace("language-python highlight", "highlight")
    out = downloads.add_links(html, "en/03-relu/index.html", "en", ROOT, "03-relu.en.md")
    assert out.count('class="whole-file"') == 3, "every block titled with a file: snippets and the package's"
    assert 'href="../../snippets/03_relu/relu_numpy.py" download="relu_numpy.py">Download the whole file' in out
    assert 'href="../../cnn_blog/layers.py" download="layers.py">Download the whole file (layers.py)' in out
    # a title that is neither a snippet nor the package's (the figure script of a notebook, a shell line) gets none
    other = BLOCK.format(title="docs/hooks.py") + BLOCK.format(title="train.sh")
    assert downloads.add_links(other, "en/03-relu/index.html", "en", ROOT, "x") == other
    ja = downloads.add_links(BLOCK.format(title="snippets/03_relu/relu_numpy.py"), "03-relu/index.html", "ja",
                             ROOT, "03-relu.ja.md")
    # a Japanese page links the Japanese file the build wrote (sitebuild.code_language), served under ja/
    assert 'href="../ja/snippets/03_relu/relu_numpy.py"' in ja and "ファイル全体をダウンロード" in ja


def test_a_title_naming_no_file_fails_the_build():
    with pytest.raises(PluginError, match="snippets/03_relu/no_such.py"):
        downloads.add_links(BLOCK.format(title="snippets/03_relu/no_such.py"), "03-relu/index.html", "ja", ROOT, "x")


def test_copy_snippets_serves_every_snippet_and_module_and_writes_only_changes(tmp_path):
    served = downloads.snippet_files(ROOT) + downloads.package_files(ROOT)
    japanese = [rel for rel in served if (ROOT / downloads.japanese_file(rel)).is_file()]  # what the build wrote
    assert downloads.copy_snippets(ROOT, tmp_path) == len(served) + len(japanese) > 50
    assert downloads.copy_snippets(ROOT, tmp_path) == 0
    assert "cnn_blog/layers.py" in served and "cnn_blog/demos/conv2d.py" in served
    assert not any("__pycache__" in rel for rel in served)
    for rel in (downloads.snippet_files(ROOT)[0], "cnn_blog/layers.py"):
        assert (tmp_path / rel).read_bytes() == (ROOT / rel).read_bytes()
    for rel in japanese:
        assert (tmp_path / "ja" / rel).read_bytes() == (ROOT / downloads.japanese_file(rel)).read_bytes()
    assert "cnn_blog/layers.py" in japanese and len(japanese) > len(downloads.snippet_files(ROOT))


def test_a_part_page_links_to_its_notebook_in_its_language(tmp_path):
    (tmp_path / "03-relu.ja.ipynb").write_text("{}")
    (tmp_path / "03-relu.en.ipynb").write_text("{}")
    page = "<h1>ReLU</h1><p>text</p>"
    ja = notebook_links.add_link(page, "03-relu.ja.md", "03-relu/index.html", "ja", tmp_path)
    en = notebook_links.add_link(page, "03-relu.en.md", "en/03-relu/index.html", "en", tmp_path)
    assert '<h1>ReLU</h1>\n<p class="notebook-link">' in ja and 'href="../notebooks/03-relu/"' in ja
    assert 'href="../notebooks/03-relu/"' in en and "notebook" in en
    assert notebook_links.add_link(page, "glossary.ja.md", "glossary/index.html", "ja", tmp_path) == page


def _notebook(alts_per_cell, images_per_cell):
    cells = []
    for alts, images in zip(alts_per_cell, images_per_cell):
        outputs = [{"output_type": "display_data", "data": {"image/png": "AA=="}, "metadata": {}}] * images
        cells.append({"cell_type": "code", "metadata": {"alt": alts} if alts is not None else {}, "outputs": outputs})
    return {"cells": cells}


def test_figure_alts_are_taken_in_order_and_must_match_the_images():
    nb = _notebook([["first"], None, ["second", "third"]], [1, 0, 2])
    assert notebook_pages.figure_alts(nb) == ["first", "second", "third"]
    with pytest.raises(ValueError, match="cell 1 shows 2 image"):
        notebook_pages.figure_alts(_notebook([["only one"]], [2]))


def test_image_alt_texts_replace_nbconverts_placeholder(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_notebook([["ReLU のグラフ"], ["特徴マップ \"前\" と後"]], [1, 1])), encoding="utf-8")
    html = f"<img {notebook_pages.NO_ALT} src=a><p/><img {notebook_pages.NO_ALT} src=b>"
    out = notebook_pages.image_alt_texts(html, str(path), "nb")
    assert out == '<img alt="ReLU のグラフ" src=a><p/><img alt="特徴マップ &quot;前&quot; と後" src=b>'


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_block_of_a_file_links_to_the_whole_file_the_site_serves_as_it_is(site, lang):
    """Every block titled with a snippet or a module of the package (the layers, the losses, the
    Keras script): a reader who copies ``class Conv2D`` gets the helpers it calls from the file."""
    linked = set()
    for slug in page_slugs():
        page = built_page(site, slug, lang)
        text = page.read_text(encoding="utf-8")
        titles = re.findall(r'<span class="filename">((?:snippets|cnn_blog)/[^<]+\.py)</span>', text)
        links = re.findall(r'<p class="whole-file" data-search-exclude><a href="([^"]+)"', text)
        assert len(links) == len(titles), f"{slug} ({lang}): {len(titles)} blocks of files, {len(links)} links"
        assert [posixpath.basename(h) for h in links] == [posixpath.basename(t) for t in titles], slug
        for href in links:
            target = (page.parent / href).resolve()
            rel = target.relative_to(site.resolve()).as_posix()
            assert target.is_file(), f"{slug} ({lang}) links to {href}, which the site does not serve"
            # a Japanese page serves the Japanese file the build wrote (ja/snippets/…, ja/cnn_blog/…)
            source = ROOT / downloads.japanese_file(rel.removeprefix("ja/")) if lang == "ja" else ROOT / rel
            assert target.read_bytes() == source.read_bytes()
            rel = rel.removeprefix("ja/")
            linked.add(rel)
    assert len(linked) > 40
    assert {"cnn_blog/layers.py", "cnn_blog/losses.py", "cnn_blog/train.py"} <= linked, sorted(linked)


@pytest.mark.parametrize("lang", LANGS)
def test_each_part_page_links_to_its_notebook_and_the_navigation_lists_each_part_once(site, lang):
    for nb in sorted((ROOT / "notebooks").glob(f"*.{lang}.ipynb")):
        slug = nb.name.split(".")[0]
        page = built_page(site, slug, lang)
        href = re.search(r'<p class="notebook-link">[^<]*<a href="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        assert (page.parent / href / "index.html").is_file(), f"{slug} ({lang}): {href}"
    index = built_page(site, "index", lang).read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"]+)" class="md-nav__link', index)
    assert len(nav) > 14 and not any("notebooks/" in href for href in nav), "each part once, as its page"
    linked = set(re.findall(r'href="(notebooks/[\w-]+/)"', index))
    assert len(linked) == len(list((ROOT / "notebooks").glob(f"*.{lang}.ipynb"))), "the index links every notebook"
