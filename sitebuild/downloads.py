"""Whole-file downloads: a code block shows a section of a snippet; the reader can take the file.

Every code block whose title is a snippet's path (``title="snippets/03_relu/relu_numpy.py"``) or a
file of the package (``title="cnn_blog/layers.py"``) gets a link under it to that whole file, and the
site serves every snippet at ``snippets/<part>/<name>.py`` and every module of the package at
``cnn_blog/<name>.py`` (offline: no link to the repository is needed). A Japanese page links the
Japanese version the build wrote (``sitebuild.code_language``), served at ``ja/snippets/…`` and
``ja/cnn_blog/…``: the same code with Japanese comments, docstrings and printed labels. A package block shows one
class or function; the whole file holds the helpers it calls. The build runs each snippet as a copy in an empty
folder (``sitebuild.runner``), so the downloaded file runs the same way for the reader: with the
package installed, it prints what the page shows.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitebuild import code_language
from sitebuild.runner import write_if_changed

JAPANESE_SITE = "ja"  # the Japanese files are served at ja/snippets/03_relu/x.py, ja/cnn_blog/layers.py

SNIPPET_BLOCK_RE = re.compile(
    r'(<div class="(?:language-python )?highlight"><span class="filename">((?:snippets|cnn_blog)/[\w./-]+?\.py)</span>.*?</pre></div>)',
    re.S,
)
LABELS = {"ja": "ファイル全体をダウンロード（{name}）", "en": "Download the whole file ({name})"}


def snippet_files(root: Path) -> list[str]:
    """The snippets the site serves, as site-relative paths ("snippets/03_relu/relu_numpy.py")."""
    return sorted(
        p.relative_to(root).as_posix() for p in (root / "snippets").rglob("*.py")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(root / "snippets").parts)
    )


def package_files(root: Path) -> list[str]:
    """The package's modules the site serves ("cnn_blog/layers.py", "cnn_blog/demos/conv2d.py")."""
    return sorted(p.relative_to(root).as_posix() for p in (root / "cnn_blog").rglob("*.py")
                  if "__pycache__" not in p.parts)


def add_links(content: str, dest_path: str, lang: str | None, root: Path, where: str) -> str:
    """``content`` with a whole-file link after each block titled with a snippet's path. The link stays
    out of the search index (``data-search-exclude``): 149 identical labels made 10 KB of the Japanese
    index and matched every query for "ダウンロード"."""
    label = LABELS.get(lang or "", LABELS["en"])
    page_dir = posixpath.dirname(dest_path) or "."

    def link(match):
        path = match.group(2)
        if not (root / path).is_file():
            raise PluginError(f"{where}: a code block's title names {path}, which is not a file")
        served = path
        if lang == "ja" and (root / code_language.JAPANESE_OUT).is_dir():
            if not (root / japanese_file(path)).is_file():
                raise PluginError(f"{where}: {path} has no Japanese version ({japanese_file(path)}): the build "
                                  "writes one for every snippet and every module a page includes")
            served = f"{JAPANESE_SITE}/{path}"
        href = posixpath.relpath(served, page_dir)
        name = posixpath.basename(path)
        return (f'{match.group(1)}\n<p class="whole-file" data-search-exclude><a href="{html.escape(href)}" download="{name}">'
                f"{label.format(name=name)}</a></p>")

    return SNIPPET_BLOCK_RE.sub(link, content)


def japanese_file(path: str) -> str:
    """Where the build wrote the Japanese version of a snippet or module ("snippets/03_relu/x.py")."""
    return f"{code_language.JAPANESE_OUT}/{path.removeprefix('snippets/')}"


def copy_snippets(root: Path, site_dir: Path) -> int:
    """Serve every snippet and every module of the package from the built site, and their Japanese
    versions under ``ja/`` (``ja/snippets/03_relu/x.py``); returns how many files were (re)written."""
    written = sum(write_if_changed(site_dir / rel, (root / rel).read_bytes())
                  for rel in snippet_files(root) + package_files(root))
    for rel in snippet_files(root) + package_files(root):
        japanese = root / japanese_file(rel)
        if japanese.is_file():
            written += write_if_changed(site_dir / JAPANESE_SITE / rel, japanese.read_bytes())
    return written
