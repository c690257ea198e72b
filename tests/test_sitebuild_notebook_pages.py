"""sitebuild.notebook_pages: notebooks wrapped again for mkdocs-jupyter under i18n, and their HTML fixed."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from types import SimpleNamespace

from mkdocs.structure.files import File, Files
from mkdocs_jupyter.plugin import NotebookFile

from sitebuild import notebook_pages
from sitebuild.mathml import latex_to_mathml


def i18n(current="en"):
    return SimpleNamespace(default_language="ja", build_languages=["ja", "en"], current_language=current)


def config(tmp_path, plugins):
    return SimpleNamespace(plugins=plugins, site_dir=str(tmp_path / "site"), use_directory_urls=True)


# --- mkdocs-jupyter's cache ------------------------------------------------------------------------

def test_each_language_gets_its_own_jupyter_cache(tmp_path):
    jupyter = SimpleNamespace(config={"cache": True, "cache_dir": "before"})
    for lang, folder in (("en", "en"), ("ja", "ja"), (None, "default")):
        notebook_pages.use_cache_per_language(config(tmp_path, {"mkdocs-jupyter": jupyter, "i18n": i18n(lang)}), tmp_path)
        assert jupyter.config["cache_dir"] == str(tmp_path / ".cache" / "mkdocs-jupyter" / folder)


def test_the_jupyter_cache_is_left_alone_when_off_or_without_i18n(tmp_path):
    jupyter = SimpleNamespace(config={"cache": False, "cache_dir": "before"})
    notebook_pages.use_cache_per_language(config(tmp_path, {"mkdocs-jupyter": jupyter, "i18n": i18n()}), tmp_path)
    jupyter.config["cache"] = True
    notebook_pages.use_cache_per_language(config(tmp_path, {"mkdocs-jupyter": jupyter}), tmp_path)
    assert jupyter.config["cache_dir"] == "before"
    notebook_pages.use_cache_per_language(config(tmp_path, {"i18n": i18n()}), tmp_path)  # no jupyter: no error


# --- notebook files under i18n ---------------------------------------------------------------------

def i18n_file(tmp_path, src_uri, dest_path, norm_src_uri):
    """A file as mkdocs-static-i18n leaves it: a plain File at its language's dest_path."""
    file = File(src_uri, str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    file.dest_path, file.norm_src_uri = dest_path, norm_src_uri
    return file


def test_a_notebook_is_wrapped_again_at_its_language_url_with_both_alternates(tmp_path):
    page = File("03-relu.en.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    for dest in ("en/notebooks/03-relu.ipynb", "en/notebooks/03-relu/index.html"):
        notebook = i18n_file(tmp_path, "notebooks/03-relu.en.ipynb", dest, "notebooks/03-relu.ipynb")
        files = notebook_pages.wrap_notebooks(Files([page, notebook]), config(tmp_path, {"i18n": i18n()}))
        [wrapped] = [f for f in files if f.src_uri.endswith(".ipynb")]
        assert isinstance(wrapped, NotebookFile) and wrapped.file is notebook
        assert wrapped.dest_path == "en/notebooks/03-relu/index.html"
        assert wrapped.abs_dest_path == str(tmp_path / "site" / "en" / "notebooks" / "03-relu" / "index.html")
        assert wrapped.url == "en/notebooks/03-relu/"
        assert {lang: alt.url for lang, alt in wrapped.alternates.items()} == {
            "ja": "notebooks/03-relu/", "en": "en/notebooks/03-relu/"}
        assert files.get_file_from_path("03-relu.en.md") is page


def test_wrapping_twice_changes_nothing_and_works_without_i18n(tmp_path):
    notebook = i18n_file(tmp_path, "notebooks/01-data.ja.ipynb", "notebooks/01-data.ipynb", "notebooks/01-data.ipynb")
    cfg = config(tmp_path, {})
    files = notebook_pages.wrap_notebooks(Files([notebook]), cfg)
    [wrapped] = list(files)
    assert wrapped.url == "notebooks/01-data/" and not hasattr(notebook, "alternates")
    [again] = list(notebook_pages.wrap_notebooks(files, cfg))
    assert again is wrapped and again.url == "notebooks/01-data/"


# --- the notebook page's HTML ----------------------------------------------------------------------

def heading(id_, *children):
    return SimpleNamespace(id=id_, children=list(children))


def page(dest_path="en/notebooks/03-relu/index.html", toc=()):
    file = SimpleNamespace(dest_path=dest_path, src_uri="notebooks/03-relu.en.ipynb")
    return SimpleNamespace(file=file, toc=SimpleNamespace(items=list(toc)) if toc else [])


def test_external_scripts_and_the_mathjax_config_are_removed_local_scripts_stay(tmp_path):
    html = ('<script src="https://cdn.example/mathjax.js"></script>'
            '<SCRIPT type="text/javascript" src="http://cdn.example/require.js">\n</SCRIPT>'
            '<script type="text/x-mathjax-config">\nMathJax.Hub.Config({});\n</script>'
            '<script src="../../assets/local.js"></script><script>var a = 1;</script>')
    assert notebook_pages.fix_html(html, page(), str(tmp_path)) == (
        '<script src="../../assets/local.js"></script><script>var a = 1;</script>')


def test_a_big_inline_stylesheet_is_written_once_and_linked_a_small_one_stays(tmp_path):
    big, small = "a{color:red}" * 200, "b{color:blue}"
    html = f'<style type="text/css">{big}</style><style type="text/css">{small}</style>'
    name = f"{hashlib.sha256(big.encode()).hexdigest()[:12]}.css"
    out = notebook_pages.fix_html(html, page(), str(tmp_path))
    assert out == f'<link rel="stylesheet" href="../../../assets/jupyter/{name}"><style type="text/css">{small}</style>'
    css = tmp_path / "assets" / "jupyter" / name
    assert css.read_text(encoding="utf-8") == big
    out = notebook_pages.fix_html(html, page("notebooks/03-relu/index.html"), str(tmp_path))
    assert out.startswith(f'<link rel="stylesheet" href="../../assets/jupyter/{name}">')
    assert [p.name for p in css.parent.iterdir()] == [name]


def test_heading_ids_follow_the_toc_and_links_to_them_too():
    html = ('<h1 id="順伝播">順伝播</h1><a href="#順伝播">¶</a><h2 id="x">x</h2>'
            '<h3 id="重み">重み</h3><a href="#重み">see</a><a href="#other">other</a>')
    toc = [heading("_1", heading("x", heading("_2")))]
    assert notebook_pages.align_heading_ids(html, page(toc=toc)) == (
        '<h1 id="_1">順伝播</h1><a href="#_1">¶</a><h2 id="x">x</h2>'
        '<h3 id="_2">重み</h3><a href="#_2">see</a><a href="#other">other</a>')


def test_heading_ids_stay_with_a_warning_when_the_toc_does_not_match(caplog):
    html = '<h1 id="a">A</h1><h2 id="b">B</h2>'
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.sitebuild"):
        assert notebook_pages.align_heading_ids(html, page(toc=[heading("_1")])) == html
        assert notebook_pages.align_heading_ids(html, page()) == html
    assert [r.getMessage() for r in caplog.records] == [
        "notebooks/03-relu.en.ipynb: 2 headings but 1 TOC entries; ids left as they are",
        "notebooks/03-relu.en.ipynb: 2 headings but 0 TOC entries; ids left as they are",
    ]
    assert all(r.name.startswith("mkdocs.") for r in caplog.records), "strict builds count these"
    assert notebook_pages.align_heading_ids("<p>no heading</p>", page()) == "<p>no heading</p>"


def test_fix_html_turns_notebook_dollar_math_into_mathml(tmp_path):
    html = '<h1 id="a">A $x$</h1><p>$y^2$</p><pre>$z$</pre>'
    out = notebook_pages.fix_html(html, page(toc=[heading("a")]), str(tmp_path))
    assert out == ('<h1 id="a">A ' + latex_to_mathml("x", False) + "</h1><p>" + latex_to_mathml("y^2", False)
                   + "</p><pre>$z$</pre>")
    assert not Path(tmp_path / "assets").exists()
