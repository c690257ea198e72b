"""The code speaks the reader's language (sitebuild/code_language.py).

- The mechanism: comments, docstrings and printed labels are replaced from the catalogue and nothing
  else (not a key, not a space of the code); a missing text, a changed ``{field}`` or a quote that
  would end its string is an error that names it.
- The site: on every Japanese page, the code blocks and their outputs hold no English comment,
  docstring or label, only identifiers, library names and messages (the allow-list below); every
  output has a Japanese twin that holds the same numbers as the English one.
- The downloads: a Japanese file, run as a reader runs it, prints Japanese and what the Japanese
  page shows.
"""

from __future__ import annotations

import collections
import io
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from standalone_checks import reader_env

from sitebuild import code_language
from sitebuild.code_language import Untranslated, japanese_includes, texts, translate

SOURCE = '''"""Count what ReLU sets to 0."""

import json

settings = {"label": "zeros after ReLU", "done": 1}  # a key and a value that do something
share = 0.5  # the share of zeros
print(f"zeros after ReLU: {share:.1%}")
print("done", "twice")
with open("out.values.json", "w") as fh:
    json.dump(settings, fh)
'''
TABLE = {
    "Count what ReLU sets to 0.": "ReLU が 0 にした値を数える。",
    "a key and a value that do something": "働きのあるキーと値",
    "the share of zeros": "0 の割合",
    "zeros after ReLU: {share:.1%}": "ReLU 後の 0: {share:.1%}",
    "done": "完了",
    "twice": "2 回",
}


def test_comments_docstrings_and_printed_labels_are_replaced_and_nothing_else():
    assert [(t.kind, t.en) for t in texts(SOURCE)] == [
        ("docstring", "Count what ReLU sets to 0."),
        ("comment", "a key and a value that do something"),
        ("comment", "the share of zeros"),
        ("label", "zeros after ReLU: {share:.1%}"),
        ("label", "done"),
        ("label", "twice"),
    ]
    out = translate(SOURCE, "example.py", TABLE)
    assert '"""ReLU が 0 にした値を数える。"""' in out
    assert 'print(f"ReLU 後の 0: {share:.1%}")' in out and 'print("完了", "2 回")' in out
    assert '{"label": "zeros after ReLU", "done": 1}' in out, "a dictionary's key or value is not a printed label"
    assert '"out.values.json", "w"' in out
    code = [t.string for t in tokenize.generate_tokens(io.StringIO(out).readline)
            if t.type not in (tokenize.COMMENT, tokenize.STRING)]
    assert code == [t.string for t in tokenize.generate_tokens(io.StringIO(SOURCE).readline)
                    if t.type not in (tokenize.COMMENT, tokenize.STRING)], "the code itself is unchanged"


def test_a_missing_text_a_changed_field_and_a_closing_quote_are_named():
    with pytest.raises(Untranslated, match="'the share of zeros'"):
        translate(SOURCE, "example.py", {k: v for k, v in TABLE.items() if k != "the share of zeros"})
    with pytest.raises(ValueError, match="ends its|cannot sit inside"):
        translate(SOURCE, "example.py", {**TABLE, "done": 'done"'})
    path = Path("bad.toml")
    with pytest.raises(ValueError, match="same {fields}"):
        code_language._check_fields("zeros: {share:.1%}", "0 の割合: {share:.2%}", path)


def test_every_piece_of_a_joined_label_is_a_label():
    source = 'print("validation loss " f"{loss:.4f}", "w", sep="")\n'
    assert [t.en for t in texts(source)] == ["validation loss ", "{loss:.4f}"][:1], "a piece with no words is no text"
    assert [t.en for t in texts('print("first part, "\n      "second part")\n')] == ["first part, ", "second part"]


def test_a_notebooks_magic_lines_stay_as_they_are():
    cell = "%matplotlib inline\n!pip install x  # a shell line\nx = 1  # one\n"
    assert translate(cell, "cell", {"one": "1 つ"}) == "%matplotlib inline\n!pip install x  # a shell line\nx = 1  # 1 つ\n"


def test_a_japanese_pages_includes_point_at_the_japanese_files():
    page = ('--8<-- "snippets/03_relu/relu_count.py:count"\n--8<-- "03_relu/relu_count.out.txt"\n'
            '--8<-- "cnn_blog/layers.py:relu"\n--8<-- "12_training/train_mnist.history.out.txt"\n')
    assert japanese_includes(page).splitlines() == [
        '--8<-- "docs/generated-ja/03_relu/relu_count.py:count"',
        '--8<-- "docs/generated-ja/03_relu/relu_count.out.txt"',
        '--8<-- "docs/generated-ja/cnn_blog/layers.py:relu"',
        '--8<-- "docs/generated-ja/12_training/train_mnist.history.out.txt"',
    ]


def test_every_catalogue_is_complete_and_consistent():
    """Every text of every snippet, shown module and notebook has its Japanese; no entry is stale."""
    table = code_language.catalogue(ROOT)
    problems = [f"{path.relative_to(ROOT)}: {p}" for path in code_language.catalogue_files(ROOT)
                for p in code_language.check_file(path, ROOT)]
    assert not problems, "\n".join(problems)
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        if not path.name.startswith("_"):
            code_language.translate_file(path, ROOT, table)
    for rel in code_language.shown_modules(ROOT):
        code_language.translate_file(ROOT / rel, ROOT, table)


# ----------------------------------------------------------------------------- the built site
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Two or more English words in a row: a phrase, which Japanese text may not hold (a single word such as
# `padding`, fit or ReLU in a Japanese sentence is a name, as on the pages).
PHRASE = re.compile(r"[A-Za-z][A-Za-z']+(?:[ ,]+[A-Za-z][A-Za-z']+)+")
TUPLE = re.compile(r"\((?:\s*[\w.*+-]+\s*,)+\s*[\w.*+-]*\s*\)")  # (kh, kw, c_in, filters): notation
# English a Japanese reader meets on purpose: names of libraries, layers, data and machines, and what the
# libraries print themselves (Keras's summary and progress bar, NumPy's repr).
ALLOWED = set("""
Keras NumPy TensorFlow Matplotlib Colab Jupyter Python MNIST ReLU Adam RMSProp SGD Softmax GPU CPU API AMD EPYC
Activation Conv2D Dense Dropout Flatten MaxPooling2D Sequential Input
Model Layer type Output Shape Param Total params Trainable Non trainable Optimizer sequential
Epoch step loss accuracy val array dtype float float32 int64 True False None nan inf
dogs cats monkeys birds fish lizards
""".split())
# Libraries' own messages, kept as the library prints them: NumPy's and Keras's, and the package's (it
# runs as installed, in English: sitebuild.code_language.is_package).
LIBRARY_MESSAGES = re.compile("|".join([
    r"setting an array element with a sequence[^\n]*",
    r"Object arrays cannot be loaded when allow_pickle=False",
    r"Do not pass an `input_shape`/`input_dim` argument to a layer[^\n]*",
    r"This file format is considered legacy[^\n]*",
    r"from keras\.utils import np_utils: ImportError",
    r"Dense expects x of shape[^\n]*",
    r"wrote data/augmented_images\.npz: [^\n]*",
    r"^Test (?:Loss|Accuracy) ",
]), re.M)


def _identifiers(code: str) -> set[str]:
    """The names of ``code`` and their parts (learning_rate: learning, rate)."""
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code)) | set(re.findall(r"[A-Za-z]+", code))


def _english(text: str, known: set[str]) -> list[str]:
    """The English phrases of ``text`` with a word that is neither a name of the code nor allowed."""
    text = TUPLE.sub(" ", re.sub(r"`[^`]*`", " ", LIBRARY_MESSAGES.sub(" ", text)))
    return [m.group(0) for m in PHRASE.finditer(text)
            if any(w.strip("'") not in known and w.strip("'") not in ALLOWED
                   for w in re.findall(r"[A-Za-z][A-Za-z']+", m.group(0)))]


def _japanese_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*/index.html") if p.parent.name not in ("en", "search", "side-by-side")) + [
        site / "index.html"]


def test_no_english_comment_docstring_or_label_on_a_japanese_page(site):
    """The code blocks (a snippet's or a module's section) and their outputs ("出力") of every Japanese
    page: each comment, docstring and printed label is Japanese; English stays only as a name of the
    page's code (an identifier, a Keras argument), a library's name or a library's own message."""
    found = []
    for page in _japanese_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        blocks = [(b.select_one("span.filename").get_text() if b.select_one("span.filename") else "",
                   b.select_one("pre").get_text()) for b in soup.select("div.highlight")]
        code_names = _identifiers("\n".join(re.sub(r"#.*$", "", code, flags=re.M)
                                            for name, code in blocks if name.endswith(".py")))
        for name, code in blocks:
            if name.endswith(".py"):
                try:
                    shown = [t.en for t in texts(code, labels=not code_language.is_package(name))]
                except (SyntaxError, tokenize.TokenError):  # a section that does not parse alone
                    shown = re.findall(r"#\s*(.*)$", code, re.M)
            elif name == "出力":
                shown = code.splitlines()
            else:
                continue  # a shell command, a file listing
            for text in shown:
                if bad := _english(text, code_names):
                    found.append(f"{page.relative_to(site)} [{name}]: {text.strip()[:100]!r} ({'; '.join(bad[:3])})")
    assert not found, f"{len(found)} English texts on Japanese pages:\n" + "\n".join(found[:80])


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def test_each_output_has_a_japanese_twin_with_the_same_numbers(site):
    english = sorted((ROOT / "docs" / "generated").rglob("*.out.txt"))
    assert len(english) > 100
    differ = []
    for path in english:
        rel = path.relative_to(ROOT / "docs" / "generated")
        twin = ROOT / code_language.JAPANESE_OUT / rel
        assert twin.is_file(), f"{rel}: no Japanese output"
        en, ja = path.read_text(encoding="utf-8"), twin.read_text(encoding="utf-8")
        if collections.Counter(NUMBER.findall(en)) != collections.Counter(NUMBER.findall(ja)):
            differ.append(f"{rel}:\n--- en\n{en[:400]}\n--- ja\n{ja[:400]}")
    assert not differ, "outputs whose numbers differ between the languages:\n" + "\n".join(differ[:10])


# One snippet per part, quick ones that print labels: the Japanese download run as a reader runs it.
READER_RUNS = [
    "snippets/00_learning/neuron.py",
    "snippets/01_data/one_hot.py",
    "snippets/02_conv2d/sliding_window.py",
    "snippets/03_relu/collapse.py",
    "snippets/04_maxpooling2d/pool_numpy.py",
    "snippets/05_dropout/dropout_numpy.py",
    "snippets/06_flatten_dense/dense_numpy.py",
    "snippets/08_categorical_crossentropy/sum_squared.py",
    "snippets/11_adam/update_rules.py",
]


@pytest.mark.parametrize("rel", READER_RUNS)
def test_a_japanese_download_runs_and_prints_what_the_japanese_page_shows(rel, site, tmp_path):
    part, name = Path(rel).parent.name, Path(rel).name
    served = site / "ja" / rel
    assert served.is_file(), f"the site serves no Japanese {rel}"
    assert JAPANESE.search(served.read_text(encoding="utf-8"))
    work = tmp_path / "copy"
    work.mkdir()
    shutil.copyfile(served, work / name)
    (tmp_path / "home").mkdir()
    proc = subprocess.run([sys.executable, name], cwd=work, env=reader_env(tmp_path / "home"),
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert proc.returncode == 0, proc.stderr
    page = (ROOT / code_language.JAPANESE_OUT / part / f"{Path(name).stem}.out.txt").read_text(encoding="utf-8")
    assert proc.stdout == page
    assert JAPANESE.search(proc.stdout), "the Japanese file prints Japanese"


def test_the_language_and_the_catalogue_are_part_of_a_runs_key():
    """The Japanese file is another program: its cache entry is its own, and a changed Japanese text
    gives a new key (the run the page shows is the run of the text the page shows)."""
    from sitebuild.runner import SnippetRunner

    snippet = ROOT / "snippets" / "03_relu" / "collapse.py"
    english, japanese = SnippetRunner(ROOT), SnippetRunner(ROOT, "snippets", "docs/generated-ja", ".cache/snippets-ja",
                                                          lang="ja")
    assert english.key(snippet) != japanese.key(snippet)
    assert JAPANESE.search(japanese.runs(snippet, snippet.read_bytes()).decode())
    assert english.runs(snippet, snippet.read_bytes()) == snippet.read_bytes()
    before = japanese.key(snippet)
    japanese._table = {**code_language.catalogue(ROOT), "two 3 x 3 filters": "3 x 3 のフィルタ 2 個（書き換え）"}
    assert japanese.key(snippet) != before
