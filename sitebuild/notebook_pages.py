"""Notebook pages under i18n: mkdocs-jupyter renders ``notebooks/*.ipynb`` once per language, and its
HTML is made to fit the site.

- ``use_cache_per_language``: one mkdocs-jupyter cache folder per language, as i18n builds the
  languages one after the other.
- ``wrap_notebooks`` (``on_files``, after mkdocs-static-i18n): give notebooks back to mkdocs-jupyter.
  i18n re-creates every file as a plain ``File``, which turns a notebook into a raw download
  (ultrabug/mkdocs-static-i18n#198); we wrap it again as a ``NotebookFile`` at the language's URL.
- ``fix_html`` (``on_page_content``): no external scripts, nbconvert's big inline stylesheet written
  once as a shared file, heading ids that match the table of contents, ``$...$`` math as MathML.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import posixpath
import re
from pathlib import Path, PurePosixPath

from sitebuild import mathml
from sitebuild.runner import write_if_changed

# Under MkDocs' own logger: with ``--strict`` a warning here fails the build.
log = logging.getLogger("mkdocs.plugins.sitebuild")

_EXTERNAL_SCRIPT_RE = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>', re.I)
_MATHJAX_CONFIG_RE = re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S)
_STYLE_RE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)
_HEADING_ID_RE = re.compile(r'<h([1-6]) id="([^"]*)"')


def use_cache_per_language(config, root: Path) -> None:
    """Point mkdocs-jupyter's cache at ``.cache/mkdocs-jupyter/<language>/`` (when both plugins are on)."""
    jupyter, i18n = config.plugins.get("mkdocs-jupyter"), config.plugins.get("i18n")
    if jupyter is not None and jupyter.config["cache"] and i18n is not None:
        # mkdocs-jupyter evicts every cached page its build did not render, and i18n builds one
        # language after the other: one cache folder per language keeps both warm.
        jupyter.config["cache_dir"] = str(root / ".cache" / "mkdocs-jupyter" / (i18n.current_language or "default"))


def wrap_notebooks(files, config):
    """Replace each plain notebook ``File`` by a ``NotebookFile`` at ``[<lang>/]notebooks/<name>/``."""
    from mkdocs_jupyter.plugin import NotebookFile

    i18n = config.plugins.get("i18n")
    for file in list(files):
        if not file.src_uri.endswith(".ipynb") or isinstance(file, NotebookFile):
            continue
        # i18n gave the file its language's dest_path: "en/notebooks/03-relu.ipynb", or
        # "en/notebooks/03-relu/index.html" where mkdocs-jupyter had wrapped it before i18n ran.
        dest = PurePosixPath(file.dest_path)
        page_dir = dest.parent if dest.name == "index.html" else dest.with_suffix("")
        file.dest_path = (page_dir / "index.html").as_posix()
        file.abs_dest_path = str(Path(config.site_dir) / file.dest_path)
        file.url = page_dir.as_posix() + "/"
        if i18n is not None:
            file.alternates = {
                lang: _LinkOnly(_notebook_url(file, lang, i18n.default_language))
                for lang in i18n.build_languages
            }
        wrapped = NotebookFile(file, config.use_directory_urls, config.site_dir)
        wrapped.dest_path, wrapped.abs_dest_path, wrapped.url = file.dest_path, file.abs_dest_path, file.url
        files.remove(file)
        files.append(wrapped)
    return files


class _LinkOnly:
    """What i18n's language switcher reads from an alternate file: its url."""

    def __init__(self, url: str):
        self.url = url


def _notebook_url(file, lang: str, default: str) -> str:
    """URL of the notebook page in ``lang``: ``notebooks/03-relu/`` or ``en/notebooks/03-relu/``."""
    norm = PurePosixPath(file.norm_src_uri).with_suffix("")  # notebooks/03-relu
    prefix = "" if lang == default else f"{lang}/"
    return f"{prefix}{norm.as_posix()}/"


def fix_html(content: str, page, site_dir: str) -> str:
    """A notebook page's HTML as the site serves it (``page`` is the notebook's MkDocs page)."""
    # nbconvert leaves $...$ in markdown cells for MathJax and adds MathJax from a CDN.
    content = _MATHJAX_CONFIG_RE.sub("", _EXTERNAL_SCRIPT_RE.sub("", content))
    content = _STYLE_RE.sub(lambda m: _shared_stylesheet(m, page.file.dest_path, site_dir), content)
    content = align_heading_ids(content, page)
    content = image_alt_texts(content, getattr(page.file, "abs_src_path", None), page.file.src_uri)
    return mathml.dollar_math_to_mathml(content)


NO_ALT = 'alt="No description has been provided for this image"'  # what nbconvert writes


def figure_alts(notebook: dict) -> list[str]:
    """The alt text of every image a notebook shows, in order: each code cell that shows images
    lists theirs, in the notebook's language, in its metadata (``"alt": ["…", …]``)."""
    alts = []
    for number, cell in enumerate(notebook["cells"], 1):
        if cell.get("cell_type") != "code":
            continue
        images = sum(1 for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))
        given = cell.get("metadata", {}).get("alt", [])
        if len(given) != images:
            raise ValueError(f"cell {number} shows {images} image(s) but its metadata gives "
                             f"{len(given)} alt text(s) (\"alt\": [...], one per image, in the notebook's language)")
        alts.extend(given)
    return alts


def image_alt_texts(content: str, notebook_path: str | None, where: str) -> str:
    """Replace nbconvert's "No description has been provided" by each image's alt text, in order."""
    if not notebook_path or NO_ALT not in content:
        return content
    try:
        alts = figure_alts(json.loads(Path(notebook_path).read_text(encoding="utf-8")))
    except ValueError as exc:
        log.warning("%s: %s", where, exc)
        return content
    parts = content.split(NO_ALT)
    if len(parts) - 1 != len(alts):
        log.warning("%s: %d images on the page but %d alt texts in its cells' metadata", where,
                    len(parts) - 1, len(alts))
        return content
    return parts[0] + "".join(f'alt="{html.escape(alt, quote=True)}"' + part for alt, part in zip(alts, parts[1:]))


def _shared_stylesheet(match, dest_path: str, site_dir: str) -> str:
    """mkdocs-jupyter inlines ~570 KB of JupyterLab CSS into every notebook page: write each big
    block once as a file and link to it, so a notebook page weighs its content, not its styles."""
    css = match.group(1)
    if len(css) < 2000:
        return match.group(0)
    name = f"assets/jupyter/{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    write_if_changed(Path(site_dir) / name, css.encode("utf-8"))
    href = posixpath.relpath(name, posixpath.dirname(dest_path) or ".")
    return f'<link rel="stylesheet" href="{href}">'


def align_heading_ids(content: str, page) -> str:
    """Give a notebook page's headings the ids its table of contents links to.

    mkdocs-jupyter builds the TOC with Python-Markdown's slugs ("#_1" for a Japanese heading) but
    nbconvert writes other ids ("順伝播：…"), so TOC links on Japanese notebook pages went nowhere.
    """
    def flatten(items):
        for item in items:
            yield item.id
            yield from flatten(item.children)

    toc_ids = list(flatten(page.toc.items)) if page.toc else []
    headings = _HEADING_ID_RE.findall(content)
    if len(toc_ids) != len(headings):
        log.warning("%s: %d headings but %d TOC entries; ids left as they are",
                    page.file.src_uri, len(headings), len(toc_ids))
        return content
    renames = {old: new for (_, old), new in zip(headings, toc_ids) if old != new}
    counter = iter(toc_ids)
    content = _HEADING_ID_RE.sub(lambda m: f'<h{m.group(1)} id="{next(counter)}"', content)
    for old, new in renames.items():
        content = content.replace(f'href="#{old}"', f'href="#{new}"')
    return content
