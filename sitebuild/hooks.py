"""MkDocs hooks (``hooks:`` in mkdocs.yml): everything the site build adds to MkDocs.

1. ``on_pre_build``: run the snippets and notebooks (``sitebuild.runner``, cached) so that their
   printed output, figures and executed notebooks exist before any page is read.
2. ``on_files`` (after mkdocs-static-i18n): give notebooks back to mkdocs-jupyter. i18n re-creates
   every file as a plain ``File``, which turns a notebook into a raw download
   (ultrabug/mkdocs-static-i18n#198); we wrap it again as a ``NotebookFile`` at the language's URL.
3. ``on_page_markdown``: replace ``{{ 03_relu/relu_feature_map:negative_percent }}`` with the value
   the snippet exported, so numbers in the prose come from code.
4. ``on_page_content``: LaTeX to MathML (no math renderer from a CDN), and no external scripts.
5. ``on_post_build`` / ``on_post_page``: one search index per language, so an English query on the
   English site lists English pages only (i18n merges every language into one index at the root).
6. ``on_post_build``, once both languages are built: the side-by-side view (``side_by_side.py``).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitebuild.runner import SnippetError, SnippetRunner

log = logging.getLogger("mkdocs.plugins.sitebuild")

_values: dict[str, dict] = {}  # "03_relu/relu_feature_map" -> {"negative_percent": "49.8%"}
VALUE_RE = re.compile(r"\{\{\s*([\w./-]+):(\w+)\s*\}\}")


def runners(root: Path) -> list[SnippetRunner]:
    """The snippets (``snippets/**.py``) and the notebooks (``notebooks/*.ipynb``)."""
    return [
        SnippetRunner(root, "snippets", "docs/generated", ".cache/snippets"),
        SnippetRunner(root, "notebooks", "docs/notebooks", ".cache/notebooks", pattern="*.ipynb"),
    ]


def on_pre_build(config):
    root = Path(config.config_file_path).resolve().parent
    jupyter, i18n = config.plugins.get("mkdocs-jupyter"), config.plugins.get("i18n")
    if jupyter is not None and jupyter.config["cache"] and i18n is not None:
        # mkdocs-jupyter evicts every cached page its build did not render, and i18n builds one
        # language after the other: one cache folder per language keeps both warm.
        jupyter.config["cache_dir"] = str(root / ".cache" / "mkdocs-jupyter" / (i18n.current_language or "default"))
    _values.clear()
    try:
        for runner in runners(root):
            for result in runner.run_all():
                key = PurePosixPath(result.snippet).relative_to(runner.snippets_dir.name)
                _values[key.with_suffix("").as_posix()] = result.values
    except SnippetError as exc:
        raise PluginError(str(exc)) from None


@event_priority(-200)  # after mkdocs-static-i18n (-100)
def on_files(files, config):
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


def substitute_values(markdown: str, values: dict[str, dict], lang: str | None, where: str) -> str:
    """Replace every ``{{ folder/snippet:name }}`` by the value the snippet exported.

    A value is a string, or one string per language (``{"ja": "1,733 万", "en": "17.3 million"}``)
    where a number reads differently in each language; the page's language picks it."""

    def substitute(match):
        source, name = match.group(1), match.group(2)
        if source not in values or name not in values[source]:
            raise PluginError(f"{where}: {{{{ {source}:{name} }}}} names no value exported by a snippet")
        value = values[source][name]
        if isinstance(value, dict):
            if lang not in value:
                raise PluginError(f"{where}: {{{{ {source}:{name} }}}} has no wording for language {lang!r}")
            value = value[lang]
        return str(value)

    return VALUE_RE.sub(substitute, markdown)


# Japanese script and full-width punctuation: 、。「」 kana, kanji, （）：
JAPANESE_CHARS = "\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef"  # for a [...] class
_CJK_END_RE = re.compile(f"[{JAPANESE_CHARS}](\\*\\*)?$")  # 。 or **平坦化**
_CJK_START_RE = re.compile(f"\\s*(\\[|\\*\\*)?[{JAPANESE_CHARS}]")  # 全結合層, [第2回 ...](...), **重み**, or indented
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


def join_japanese_lines(markdown: str) -> str:
    """Join the lines of a paragraph where the break falls between two Japanese characters.

    Sources wrap Japanese prose at about 110 columns; HTML turns each line break into a space, and
    browsers (Chromium among them) draw that space between Japanese characters, where Japanese has
    none ("合わせ、 最後に"). A break next to Latin text, a number or code stays a space, as the pages
    write "写真 1 枚" and "Keras の". The next line may start with a link or bold text, or be indented
    (a list item's next line). Code blocks are left as they are."""
    out, chunk, in_fence = [], [], False

    def flush():
        if in_fence:
            out.extend(chunk)
        else:
            for line in chunk:  # a heading never takes the next line in
                if out and _CJK_END_RE.search(out[-1]) and _CJK_START_RE.match(line) and not out[-1].startswith("#"):
                    out[-1] += line.lstrip()
                else:
                    out.append(line)
        chunk.clear()

    for line in markdown.split("\n"):
        if _FENCE_RE.match(line):
            flush()
            out.append(line)
            in_fence = not in_fence
        else:
            chunk.append(line)
    flush()
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None)
    markdown = substitute_values(markdown, _values, lang, page.file.src_uri)
    return join_japanese_lines(markdown) if lang == "ja" else markdown


_MATH_RE = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.S,
)
_EXTERNAL_SCRIPT_RE = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>', re.I)
_MATHJAX_CONFIG_RE = re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S)
_NB_MATH_RE = re.compile(r"(?<![\\$])\$(?!\s)([^$\n<>]+?)(?<!\s)\$(?!\$)")


def latex_to_mathml(latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    return convert(latex, display="block" if display else "inline")


def on_page_content(content, page, config, files):
    def to_mathml(match):
        if match.group("block") is not None:
            # Kept in Material's div.arithmatex, which scrolls a wide formula instead of the page (375 px phones).
            return '<div class="arithmatex">' + latex_to_mathml(html.unescape(match.group("block").strip()), True) + "</div>"
        return latex_to_mathml(html.unescape(match.group("inline").strip()), False)

    content = _MATH_RE.sub(to_mathml, content)
    if page.file.src_uri.endswith(".ipynb"):
        # nbconvert leaves $...$ in markdown cells for MathJax and adds MathJax from a CDN.
        content = _MATHJAX_CONFIG_RE.sub("", _EXTERNAL_SCRIPT_RE.sub("", content))
        content = _STYLE_RE.sub(lambda m: _shared_stylesheet(m, page, config), content)
        content = _align_heading_ids(content, page)
        content = _replace_outside_code(content, _NB_MATH_RE, lambda m: latex_to_mathml(html.unescape(m.group(1)), False))
    return content


_STYLE_RE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)


def _shared_stylesheet(match, page, config) -> str:
    """mkdocs-jupyter inlines ~570 KB of JupyterLab CSS into every notebook page: write each big
    block once as a file and link to it, so a notebook page weighs its content, not its styles."""
    css = match.group(1)
    if len(css) < 2000:
        return match.group(0)
    from sitebuild.runner import write_if_changed

    name = f"assets/jupyter/{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    write_if_changed(Path(config.site_dir) / name, css.encode("utf-8"))
    href = posixpath.relpath(name, posixpath.dirname(page.file.dest_path) or ".")
    return f'<link rel="stylesheet" href="{href}">'


_HEADING_ID_RE = re.compile(r'<h([1-6]) id="([^"]*)"')


def _align_heading_ids(content: str, page) -> str:
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


def _replace_outside_code(content: str, pattern, repl) -> str:
    parts = re.split(
        r"(<(pre|code|script|style)[\s>].*?</\2>)", content, flags=re.S
    )
    # re.split returns [text, block, tag name, text, block, tag name, ..., text]
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(pattern.sub(repl, part))
        elif i % 3 == 1:
            out.append(part)  # a code, script or style block, unchanged; i % 3 == 2 is its tag name
    return "".join(out)



@event_priority(0)  # after mkdocs-static-i18n's on_page_context (50), which fills extra.alternate
def on_page_context(context, page, config, nav):
    """Make the language switcher's links relative, so the site works under any base URL.

    i18n leaves the home page's links absolute ("/", "/en/"); Material passes links through its
    ``url`` filter, which turns a site-relative link ("en/") into one relative to the page.
    """
    base = urlsplit(config.site_url or "").path.rstrip("/")
    # i18n sets the attribute (config.extra.alternate), which is what the template reads.
    for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate", []):
        link = alternate.get("link", "")
        if link.startswith("/") and not link.startswith("//"):
            if base and link.startswith(base + "/"):
                link = link[len(base):]
            alternate["link"] = link.lstrip("/") or "."
    return context


def _i18n_languages(config) -> tuple[str, list[str]]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "", []
    return i18n.default_language, [lang for lang in i18n.build_languages if lang != i18n.default_language]


_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def on_post_page(output, page, config):
    """Pages of a non-default language search from their own root (``en/``): Material's search
    worker loads ``<base>/search/search_index.json`` and resolves result links against ``base``."""
    _, others = _i18n_languages(config)
    lang = next((lang for lang in others if page.file.dest_path.startswith(f"{lang}/")), None)
    if lang is None:
        return output

    def rebase(match):
        app = json.loads(match.group(2))
        base = PurePosixPath(app["base"])  # "../.." on en/03-relu/, ".." on en/
        if base.name == "..":
            app["base"] = base.parent.as_posix()  # one level less: the language's own root
        return match.group(1) + json.dumps(app, ensure_ascii=False) + match.group(3)

    return _CONFIG_RE.sub(rebase, output, count=1)


def _is_notebook(location: str, others) -> bool:
    """A part's notebook page repeats its page; listed too, it pushed the page down the results."""
    for lang in others:
        location = location[len(lang) + 1:] if location.startswith(f"{lang}/") else location
    return location.startswith("notebooks/")


def _write_index(path: Path, index: dict, docs: list, lang: str) -> None:
    """One language per index: with ``lang: [ja, en]`` lunr's multi-language pipeline made English
    words like "pooling" unfindable on the English site. English words on Japanese pages stay
    findable: the pipeline (mkdocs.yml) has no stemmer, and Material matches query words by prefix."""
    config = dict(index["config"], lang=[lang])
    path.write_text(json.dumps(dict(index, config=config, docs=docs), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


@event_priority(-200)  # after i18n (-100) has written the merged index
def on_post_build(config):
    default, others = _i18n_languages(config)
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not others or not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if not _is_notebook(d["location"], others)]
    for lang in others:
        prefix = f"{lang}/"
        own = [dict(d, location=d["location"][len(prefix):]) for d in docs if d["location"].startswith(prefix)]
        out = Path(config.site_dir) / lang / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_index(out, index, own, lang)
    rest = [d for d in docs if not d["location"].startswith(tuple(f"{lang}/" for lang in others))]
    _write_index(index_path, index, rest, default)

    i18n = config.plugins.get("i18n")
    if not getattr(i18n, "building", False):  # the outer build: every language is in site_dir now
        from sitebuild import side_by_side

        slugs = sorted(p.name[: -len(f".{default}.md")] for p in Path(config.docs_dir).glob(f"*.{default}.md"))
        for lang in others:
            cache = Path(config.config_file_path).resolve().parent / ".cache" / "side-by-side"
            side_by_side.write_all(Path(config.site_dir), slugs, default, lang, cache)
