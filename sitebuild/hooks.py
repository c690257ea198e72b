"""MkDocs hooks (``hooks:`` in mkdocs.yml): everything the site build adds to MkDocs.

This file only wires the jobs into MkDocs' events; each job lives in its own module:

0. ``on_config``: ``site_url`` from ``extra.repository``, the GitHub Pages address (``sitebuild.site_url``).
1. ``on_pre_build``: run the snippets and notebooks (``sitebuild.runner.build_all``, cached) so that
   their printed output, figures and executed notebooks exist before any page is read, and keep the
   values they exported (``sitebuild.values.Values``); one mkdocs-jupyter cache per language
   (``sitebuild.notebook_pages``).
2. ``on_files`` (after mkdocs-static-i18n): give notebooks back to mkdocs-jupyter at each language's
   URL (``sitebuild.notebook_pages``).
3. ``on_page_markdown``: replace ``{{ 03_relu/relu_feature_map:negative_percent }}`` with the value
   the snippet exported, so numbers in the prose come from code (``sitebuild.values``); turn
   ``{{ frames 02_conv2d/02-conv2d-conv-frames }}`` into a figure with sliders over frames a snippet
   computed (``sitebuild.frames``); join
   Japanese lines broken between two Japanese characters (``sitebuild.japanese``).
4. ``on_page_content``: LaTeX to MathML, no math renderer from a CDN (``sitebuild.mathml``); notebook
   pages without external scripts, with a shared stylesheet and working TOC links
   (``sitebuild.notebook_pages``); a whole-file download link under each block titled with a
   snippet's path, and every snippet served by the site (``sitebuild.downloads``); a link from a
   part's page to its notebook (``sitebuild.notebook_links``); how to run the code, after the first
   code block of the home page and of every part (``sitebuild.setup_box``).
5. ``on_page_context``: relative language-switcher links (``sitebuild.language_links``).
6. ``on_post_page`` / ``on_post_build``: one search index per language, so an English query on the
   English site lists English pages only (``sitebuild.search_index``).
   The wheel of ``cnn_blog`` the notebooks install, served at ``downloads/`` (``sitebuild.wheel``).
7. ``on_post_build``, once both languages are built: the side-by-side view (``sitebuild.side_by_side``).
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts only this file's folder on sys.path, and only while it loads the hook; sitebuild is
# not installed (the wheel ships cnn_blog only), so its package is found in the checkout.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitebuild import code_language, downloads, frames, setup_box, wheel, language_links, mathml, notebook_links, notebook_pages, search_index, site_url
from sitebuild.environment import BuildCodeChanged
from sitebuild.japanese import join_japanese_lines
from sitebuild.runner import SnippetError, build_all
from sitebuild.values import Values

_values = Values()  # filled by on_pre_build, read by on_page_markdown


def on_config(config):  # priority 0: before mkdocs-static-i18n's (-100), which reads site_url
    site_url.set_from_repository(config)
    return config


def on_pre_build(config):
    root = Path(config.config_file_path).resolve().parent
    notebook_pages.use_cache_per_language(config, root)
    _values.clear()
    try:
        _values.replace(build_all(root))
    except (SnippetError, BuildCodeChanged) as exc:
        raise PluginError(str(exc)) from None


@event_priority(-200)  # after mkdocs-static-i18n (-100)
def on_files(files, config):
    return notebook_pages.wrap_notebooks(files, config)


def on_page_markdown(markdown, page, config, files):
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None)
    markdown = _values.substitute(markdown, lang, page.file.src_uri)
    markdown = frames.substitute(markdown, lang, search_index.i18n_languages(config)[0], page.file.dest_uri,
                                 Path(config.docs_dir) / "generated", page.file.src_uri)
    if lang == "ja" and (Path(config.config_file_path).resolve().parent / code_language.JAPANESE_OUT).is_dir():
        markdown = code_language.japanese_includes(markdown)  # the code and its output in Japanese
    return join_japanese_lines(markdown) if lang == "ja" else markdown


def on_page_content(content, page, config, files):
    content = mathml.arithmatex_to_mathml(content)
    if page.file.src_uri.endswith(".ipynb"):
        content = notebook_pages.fix_html(content, page, config.site_dir)
    else:
        lang = getattr(config.plugins.get("i18n"), "current_language", None)
        root = Path(config.config_file_path).resolve().parent
        content = downloads.add_links(content, page.file.dest_path, lang, root, page.file.src_uri)
        content = notebook_links.add_link(content, page.file.src_uri, page.file.dest_path, lang, root / "notebooks")
        content = setup_box.add_box(content, page.file.src_uri, lang, config.site_url,
                                    config.extra.get("repository"), root)
    return content


@event_priority(0)  # after mkdocs-static-i18n's on_page_context (50), which fills extra.alternate
def on_page_context(context, page, config, nav):
    language_links.make_relative(config)
    return context


def on_post_page(output, page, config):
    _, others = search_index.i18n_languages(config)
    return search_index.rebase_search(output, page.file.dest_path, others)


@event_priority(-200)  # after i18n (-100) has written the merged index
def on_post_build(config):
    downloads.copy_snippets(Path(config.config_file_path).resolve().parent, Path(config.site_dir))
    if (Path(config.config_file_path).resolve().parent / "cnn_blog").is_dir():  # a fixture project has none
        wheel.serve(Path(config.config_file_path).resolve().parent, Path(config.site_dir))
    default, others = search_index.i18n_languages(config)
    if not search_index.split_by_language(Path(config.site_dir), default, others):
        return  # one language, or no search index: no side-by-side view either

    i18n = config.plugins.get("i18n")
    if not getattr(i18n, "building", False):  # the outer build: every language is in site_dir now
        from sitebuild import side_by_side

        slugs = sorted(p.name[: -len(f".{default}.md")] for p in Path(config.docs_dir).glob(f"*.{default}.md"))
        for lang in others:
            cache = Path(config.config_file_path).resolve().parent / ".cache" / "side-by-side"
            side_by_side.write_all(Path(config.site_dir), slugs, default, lang, cache)
