"""How to run a page's code: a box after the first code block of the home page and of every part.

It gives a virtual environment, the ``pip install`` line (the wheel of ``cnn_blog`` this site serves,
built from the same tree as the pages: ``sitebuild.wheel``, with every extra), the versions the
package keeps of what is already installed (its lower bounds, read from pyproject.toml, so the box
says what the metadata says), the line without Keras where a TensorFlow is installed already or
none can be (Intel Macs), what the downloaded scripts then do, the settings and versions under which they print the page's
numbers (``cnn_blog.reproduce``), the notebook for Colab, and the clone
with ``python3 dev.py serve``. A ``<details>`` box, closed on the
parts and open on the home page; kept out of the search index like the whole-file links.
"""

from __future__ import annotations

import functools
import html
import re
import tomllib
from pathlib import Path

from sitebuild import wheel

_PART = re.compile(r"^\d\d-[\w-]+\.(?:\w\w\.)?md$")
_HOME = re.compile(r"^index\.(?:\w\w\.)?md$")
# A code block, with the whole-file link sitebuild.downloads puts under it.
_FIRST_BLOCK = re.compile(r'<div class="(?:language-\w+ )?highlight">.*?</pre></div>(?:\n<p class="whole-file"[^>]*>.*?</p>)?', re.S)

TEXTS = {
    "ja": {
        "summary": "このページのコードを自分の環境で動かすには",
        "venv": ("Python {python} 以上を使います。まず、次のように仮想環境を作って有効にします（Windows では 2 行目の"
                 "代わりに <code>.venv\\Scripts\\activate</code> を実行します）。"),
        "install": ("その仮想環境に、このサイトで解説しているコードをまとめたパッケージ <code>cnn_blog</code> を、各ページで"
                    "使うライブラリもすべて含めて入れます。"),
        "versions": ("新しい仮想環境ではなく、いま使っている環境に入れる場合は、NumPy（{numpy} 以上）、Keras（{keras} 以上）、Matplotlib（{matplotlib} 以上）が"
                     "すでに入っていれば pip はそれをそのまま使い、それより古ければ新しいバージョンに更新します。Keras の"
                     "コードを動かすための TensorFlow（{tensorflow} 以上）も一緒に入ります。x86-64（一般的な Intel・AMD の CPU）の Linux と "
                     "Windows では、GPU を使わない版の <code>tensorflow-cpu</code> が入ります。"),
        "without_keras": ("<code>tensorflow</code> がすでに入っている環境では、次の行を使ってください。Keras と "
                          "TensorFlow を除いたものだけが入ります。すでにある TensorFlow（と一緒に入っている Keras）はそのまま"
                          "残るので、Keras のコードもそれで動きます。TensorFlow {tensorflow} 以上が提供されていない環境（Intel"
                          " プロセッサの Mac、ARM の Windows、リリースされたばかりの新しい Python）でも、同じ行を使います。"
                          "この場合、Keras を使うコードは動きませんが、それ以外のコードは動きます。"),
        "scripts": ("スニペット（<code>snippets/</code> にあるファイル）のコードブロックの下にある「ファイル全体をダウンロード」"
                    "からスクリプトを保存すれば、どのフォルダでも <code>python ファイル名.py</code> で実行できます。実行すると、"
                    "そのフォルダに <code>ファイル名.values.json</code>（ページの本文に埋め込む数値）や図の画像ファイルが"
                    "作られることがあります。"),
        "numbers": ("Keras を使うスクリプトと、スレッド（並行して計算を進める処理の流れ）の数によって結果が変わる "
                    "NumPy のスクリプトは、最初に <code>cnn_blog.reproduce</code> の "
                    "<code>same_numbers_as_the_page()</code> を呼び出します。ページと同じ数値を出すための関数です。"
                    "この関数は、NumPy が行列の計算に使うライブラリ（BLAS）のスレッドと TensorFlow のスレッドを、それぞれ 1 つに絞り、"
                    "oneDNN を無効にします。oneDNN は、最近の多くの CPU で TensorFlow が標準で使う、計算を速くするための"
                    "ライブラリです。どちらも、このサイトのページを作る（ビルドする）ときと同じ設定です。コンピュータは小数を"
                    "浮動小数点数という形で扱い、足し算のたびに結果を丸めます。そのため、足し合わせる数がまったく同じでも、"
                    "足す順序が違うと結果の最後の桁がずれることがあります。スレッドの数や oneDNN の有無が変わると、足し算の分け方や"
                    "順序が変わります。学習では前の結果をもとに重みの更新を何度も繰り返すので、このずれが少しずつ広がり、"
                    "最後には損失や正解率まで変わってしまいます。"),
        "numbers_when": ("このサイトの数値は、NumPy {numpy_pin}、TensorFlow {tensorflow_pin}、Keras {keras_pin} で"
                         "計算したものです。Keras の計算には TensorFlow を使い、GPU は使わずに CPU だけで計算しています。"
                         "<code>same_numbers_as_the_page()</code> を呼び出したうえで、同じバージョンを、このサイトのビルドと同じ種類のコンピュータ"
                         "（x86-64 の Linux）で使えば、ページと同じ数値が出ます。バージョンや CPU、OS が違う場合"
                         "（Apple シリコンの Mac など）や GPU を使う場合は、最後の桁がずれたり、学習の結果がもっと大きく"
                         "変わったりすることがあります。これは想定どおりの違いで、コードや操作の誤りではありません。なお、"
                         "スレッドを 1 つに絞るため、CPU のコアが多いコンピュータでは本来より学習に時間がかかります。"
                         "ページと同じ数値より速さを優先したいときは、スクリプトからこの関数を呼び出している行を消して"
                         "ください。また、この関数は Keras や TensorFlow を import する前に呼び出す必要があります。import "
                         "した後で呼び出すと、エラー（RuntimeError）になって止まります。ノートブックでは、Keras を import "
                         "するセルより前の、最初のほうのセルで呼び出してください。先に Keras を import してしまったときは、"
                         "Python を再起動し（Jupyter では「Kernel」メニューの「Restart Kernel」、Colab では「ランタイム」"
                         "メニューの「セッションを再起動」）、この関数を呼び出すセルから実行し直してください。"),
        "numbers_link": ("Keras を使うスクリプトは、最初に <code>same_numbers_as_the_page()</code> を呼び出します"
                         '（<a href="../#run-the-code">理由と、ページと同じ数値になる条件</a>）。'),
        "colab": ("Colab では、各回のノートブックを開いてください。Colab には TensorFlow が最初から入っていて、"
                  "ノートブックの最初のセルがそれを残したままこのパッケージを入れるので、上の行を自分で実行する必要は"
                  "ありません。"),
        "clone": ('サイトそのものを手元でビルドするには、<a href="{repo}">{repo}</a> を <code>git clone</code> して '
                  "<code>python3 dev.py serve</code> を実行します（<code>.venv</code> に仮想環境が作られます）。その後は、"
                  "スクリプトを <code>.venv/bin/python snippets/…</code>（Windows では <code>.venv\\Scripts\\python</code>）で"
                  "実行できます。"),
    },
    "en": {
        "summary": "Run this page's code yourself",
        "venv": ("Use Python {python} or later. First make a virtual environment and activate it (on Windows, run "
                 "<code>.venv\\Scripts\\activate</code> instead of the second line):"),
        "install": "Then install cnn_blog, the package whose code these pages show, with every library the pages use:",
        "versions": ("Installed into an environment you already have, pip keeps the NumPy ({numpy} or later), Keras "
                     "({keras} or later) and Matplotlib ({matplotlib} or later) it finds, and upgrades older ones. The "
                     "TensorFlow the Keras code needs ({tensorflow} or later) comes with it; on x86-64 Linux and Windows the package asks "
                     "for <code>tensorflow-cpu</code>, TensorFlow without GPU support."),
        "without_keras": ("Where <code>tensorflow</code> is installed already, use the line below: it "
                          "installs everything but Keras and TensorFlow, so your TensorFlow (and the Keras that came "
                          "with it) stays, and the Keras code runs on it. Use the same line where no TensorFlow "
                          "{tensorflow} or later is built for the machine or its Python (Intel Macs, Windows on ARM, a "
                          "Python just released): there the Keras code cannot run, and all the rest does."),
        "scripts": ("The “Download the whole file” link under each snippet's block (a file of "
                    "<code>snippets/</code>) gives a script that runs from any folder: <code>python file.py</code>. "
                    "It may write <code>file.values.json</code> (the numbers the page quotes) or image files there."),
        "numbers": ("Every script whose numbers could depend on your machine (all that use Keras, and any NumPy "
                    "one whose numbers change with the number of threads) first calls "
                    "<code>same_numbers_as_the_page()</code> from <code>cnn_blog.reproduce</code>. It gives NumPy's "
                    "matrix library and TensorFlow one thread each and turns off oneDNN, a library of fast routines "
                    "that TensorFlow switches on by default on many recent processors: the settings this site is built "
                    "with. Floating-point numbers are rounded after every addition, so the same numbers added in "
                    "another order can end in other digits; more threads, or oneDNN, split and order the sums "
                    "differently. In training, each step starts from the last step's result, so such a difference "
                    "grows until the final loss and accuracy differ."),
        "numbers_when": ("With these settings, the versions the pages "
                    "were made with (NumPy {numpy_pin}, TensorFlow {tensorflow_pin}, Keras {keras_pin}) and Keras "
                    "running on TensorFlow on the CPU, a computer like the one this site is built on (x86-64 Linux) "
                    "prints the page's numbers. Other versions, another processor or operating system (an "
                    "Apple-silicon Mac, say), or a GPU may change the last digits, and a training run's results by "
                    "more; that is expected, not a mistake. One thread makes training slower on a many-core machine; "
                    "delete the line that calls it if you prefer speed to the page's digits. The call must come "
                    "before Keras or TensorFlow is imported, or it stops with an error (RuntimeError); in a notebook, "
                    "call it in a cell before the one that imports Keras, and if you imported Keras already, restart "
                    "Python (in Jupyter: Kernel › Restart Kernel; in Colab: Runtime › Restart session) and run again "
                    "from the cell that calls it."),
        "numbers_link": ("Scripts that use Keras first call <code>same_numbers_as_the_page()</code>: "
                         '<a href="../#run-the-code">why, and when your numbers match the page\'s</a>.'),
        "colab": ("In Colab, open a part's notebook: Colab comes with TensorFlow, and the notebook's first cell "
                  "installs the package and keeps it, so there is no need to run the lines above."),
        "clone": ('To build this site yourself, <code>git clone</code> <a href="{repo}">{repo}</a> and run '
                  "<code>python3 dev.py serve</code> (it makes a virtual environment in <code>.venv</code>); the "
                  "scripts then run with <code>.venv/bin/python snippets/…</code> (on Windows, "
                  "<code>.venv\\Scripts\\python</code>)."),
    },
}

VENV = "python3 -m venv .venv\nsource .venv/bin/activate"


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


@functools.lru_cache(maxsize=1)  # one lookup per build, not one per page
def made_with() -> dict[str, str]:
    """The versions of NumPy, TensorFlow and Keras this build runs the pages' code with."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name, dists in (("numpy", ["numpy"]), ("tensorflow", ["tensorflow-cpu", "tensorflow"]), ("keras", ["keras"])):
        for dist in dists:
            try:
                found[name] = version(dist)
                break
            except PackageNotFoundError:
                continue
        else:
            found[name] = "?"  # not installed: the build cannot run the Keras code either
    return found


def pip_line(site_url: str, root: Path, extras: str = "all") -> str:
    return f'pip install "cnn-blog[{extras}] @ {wheel.wheel_url(site_url, root)}"'


def _code(text: str) -> str:
    return f'<div class="highlight"><pre><span></span><code>{html.escape(text)}</code></pre></div>'


def box(lang: str, site_url: str, repository: str, root: Path, open_: bool) -> str:
    texts = TEXTS.get(lang, TEXTS["en"])
    values = {name: html.escape(v) for name, v in lower_bounds(root).items()}
    values.update({f"{name}_pin": html.escape(v) for name, v in made_with().items()})
    values["repo"] = html.escape(repository)

    def para(key: str) -> str:
        return f"<p>{texts[key].format(**values)}</p>"

    # the home page's box (open) says when the numbers hold; a part's box links to it (every page carries its box)
    numbers = para("numbers") + para("numbers_when") if open_ else para("numbers_link")
    attrs = ' id="run-the-code" open' if open_ else ""
    return (f'<details class="note setup-box" data-search-exclude{attrs}>'
            f"<summary>{texts['summary']}</summary>"
            + para("venv") + _code(VENV) + para("install") + _code(pip_line(site_url, root))
            + para("versions") + para("without_keras") + _code(pip_line(site_url, root, "data,figures"))
            + para("scripts") + numbers + para("colab") + para("clone") + "</details>\n")


def add_box(content: str, src_uri: str, lang: str | None, site_url: str | None, repository: str | None,
            root: Path) -> str:
    """``content`` with the box right after its first code block (its text leads into the code), on the
    home page and the parts' pages."""
    name = src_uri.rsplit("/", 1)[-1]
    home = bool(_HOME.match(name))
    if not site_url or not repository or not (home or _PART.match(name)):
        return content
    first = _FIRST_BLOCK.search(content)
    if first is None:
        return content
    return content[: first.end()] + "\n" + box(lang or "en", site_url, repository, root, home) + content[first.end():]
