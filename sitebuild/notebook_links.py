"""A part's page links to its notebook (the navigation lists each part once, as its page).

Under the page's title: "この回のコードは、上から順に実行できるノートブックにもなっています" / "This part's code also runs as a
notebook", linking to the notebook page of the same language (``notebooks/<slug>/``), which offers
the download and the Colab link.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

TEXTS = {
    "ja": ('この回のコードは、上から順に実行できる<a href="{href}">ノートブック</a>にもなっています'
           '（ダウンロードすることも、Colab で開くこともできます）。'),
    "en": ('This part\'s code is also a <a href="{href}">notebook</a> that runs from top to bottom '
           "(download it, or open it in Colab)."),
}
_H1_END_RE = re.compile(r"</h1>")


def notebook_slug(src_uri: str) -> str:
    """"03-relu.ja.md" or "03-relu.md" -> "03-relu"."""
    name = posixpath.basename(src_uri)
    return name.split(".")[0]


def add_link(content: str, src_uri: str, dest_path: str, lang: str | None, notebooks_dir: Path) -> str:
    """``content`` with the link after its title when a notebook of the page's part exists."""
    lang = lang or "en"
    slug = notebook_slug(src_uri)
    if lang not in TEXTS or not (notebooks_dir / f"{slug}.{lang}.ipynb").is_file():
        return content
    root = "" if not dest_path.startswith(f"{lang}/") else f"{lang}/"
    href = posixpath.relpath(f"{root}notebooks/{slug}/", posixpath.dirname(dest_path) or ".") + "/"
    paragraph = f'\n<p class="notebook-link">{TEXTS[lang].format(href=href)}</p>'
    return _H1_END_RE.sub(lambda m: m.group(0) + paragraph, content, count=1)
