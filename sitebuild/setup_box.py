"""How to run a page's code: a box before the first code block of the home page and of every part.

It gives the one ``pip install`` line (the wheel of ``cnn_blog`` this site serves, built from the same
tree as the pages: ``sitebuild.wheel``, with every extra), what the downloaded scripts then need,
the versions the package takes from what is already installed (its lower bounds, read from
pyproject.toml, so the box says what the metadata says), where Keras cannot be had (Intel Macs), the
notebook for Colab, and the clone with ``python3 dev.py serve``. A ``<details>`` box, closed on the
parts and open on the home page; kept out of the search index like the whole-file links.
"""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

from sitebuild import wheel

_PART = re.compile(r"^\d\d-[\w-]+\.(?:\w\w\.)?md$")
_HOME = re.compile(r"^index\.(?:\w\w\.)?md$")
_FIRST_BLOCK = re.compile(r'<div class="(?:language-\w+ )?highlight">')

TEXTS = {
    "ja": {
        "summary": "このページのコードを自分の環境で動かすには",
        "install": "Python {python} 以上で、サイトのビルドに使ったパッケージを、ページで使うものすべてと一緒に入れます。",
        "scripts": ("あとは、各コードの下の「ファイル全体をダウンロード」で取ったスクリプトが、どのフォルダーでも "
                    "<code>python ファイル名.py</code> で動きます。すでに入っている NumPy（{numpy} 以上）、"
                    "TensorFlow（{tensorflow} 以上）、Keras（{keras} 以上）、Matplotlib（{matplotlib} 以上）は、"
                    "そのまま使われます。"),
        "mac": ("Intel の Mac には TensorFlow {tensorflow} 以降がないため、Keras を使うコード以外が動きます"
                "（Keras の部分は Colab で試せます）。"),
        "colab": ("Colab では、各回のノートブックを開いてください。最初のセルがこのパッケージを入れます。"
                  'サイトそのものを手元でビルドするには、<a href="{repo}">{repo}</a> を clone して '
                  "<code>python3 dev.py serve</code> を実行します。スクリプトはそのあと "
                  "<code>.venv/bin/python snippets/…</code> で動きます。"),
    },
    "en": {
        "summary": "Run this page's code yourself",
        "install": "With Python {python} or later, install the package this site was built from, with everything its pages use:",
        "scripts": ("Then each block's “Download the whole file” link gives a script that runs in any folder: "
                    "<code>python file.py</code>. The NumPy ({numpy} or later), TensorFlow ({tensorflow} or later), "
                    "Keras ({keras} or later) and Matplotlib ({matplotlib} or later) you already have are kept."),
        "mac": ("Intel Macs have no TensorFlow {tensorflow} or later: there, everything but the Keras code runs "
                "(try that part in Colab)."),
        "colab": ("In Colab, open the part's notebook: its first cell installs the package. To build this site "
                  'yourself, clone <a href="{repo}">{repo}</a> and run <code>python3 dev.py serve</code>; the '
                  "scripts then run with <code>.venv/bin/python snippets/…</code>."),
    },
}


def lower_bounds(root: Path) -> dict[str, str]:
    """``{"numpy": "2.1.3", "tensorflow": "2.20.0", ...}``: each runtime requirement's lowest version,
    and ``python`` from requires-python."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"]) + [r for extra in ("keras", "data", "figures")
                                            for r in project["optional-dependencies"][extra]]
    bounds = {"python": project["requires-python"].removeprefix(">=")}
    for req in reqs:
        match = re.match(r"^([\w-]+)>=([\w.]+)", req)
        if match:
            bounds.setdefault(match.group(1).removesuffix("-cpu"), match.group(2))
    return bounds


def pip_line(site_url: str, root: Path) -> str:
    return f'pip install "cnn-blog[all] @ {wheel.wheel_url(site_url, root)}"'


def box(lang: str, site_url: str, repository: str, root: Path, open_: bool) -> str:
    texts = TEXTS.get(lang, TEXTS["en"])
    values = {name: html.escape(v) for name, v in lower_bounds(root).items()}
    values["repo"] = html.escape(repository)
    paragraphs = "".join(f"<p>{texts[key].format(**values)}</p>" for key in ("scripts", "mac", "colab"))
    return (f'<details class="note setup-box" data-search-exclude{" open" if open_ else ""}>'
            f"<summary>{texts['summary']}</summary>"
            f"<p>{texts['install'].format(**values)}</p>"
            f'<div class="highlight"><pre><span></span><code>{html.escape(pip_line(site_url, root))}</code></pre></div>'
            f"{paragraphs}</details>\n")


def add_box(content: str, src_uri: str, lang: str | None, site_url: str | None, repository: str | None,
            root: Path) -> str:
    """``content`` with the box before its first code block, on the home page and the parts' pages."""
    name = src_uri.rsplit("/", 1)[-1]
    home = bool(_HOME.match(name))
    if not site_url or not repository or not (home or _PART.match(name)):
        return content
    first = _FIRST_BLOCK.search(content)
    if first is None:
        return content
    return content[: first.start()] + box(lang or "en", site_url, repository, root, home) + content[first.start():]
