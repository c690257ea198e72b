"""Every snippet block on the pages of parts 0-14 and the home page runs as shown, after the blocks
above it on the same page: each name it reads is defined or imported by itself or by an earlier block
(``python`` blocks only; a block titled with a package file, ``cnn_blog/…``, shows definitions that
the snippets import). Whatever else a snippet needs is in its whole file, which the site serves.

Parts 7 and 8 hold more: a block's copy button copies that block alone, so a block reads nothing from a
part of its file the page hides or from another file's block; only from itself or an earlier block of its
own file (the steps of one run, shown one after another). And the blocks of ``ALONE`` each run by
themselves in a fresh Python, printing together what their whole file prints."""

from __future__ import annotations

import builtins
import re
import symtable
import textwrap

import pytest
from conftest import ROOT
from exercise_checks import run_python
from snippets_util import run_snippet

PAGES = ["index", "00-learning", "01-data", "02-conv2d", "03-relu", "04-maxpooling2d", "05-dropout", "06-flatten-dense",
         "07-softmax", "08-categorical-crossentropy", "09-compile", "10-batch-size-epochs", "11-adam",
         "12-training", "13-numpy-model", "14-why-convolution"]
INCLUDE = re.compile(r'^\s*(?:--8<-- )?"?([\w./-]+\.py):(\w+)"?\s*$')


def section(path: str, name: str) -> str:
    source = (ROOT / path).read_text(encoding="utf-8")
    return textwrap.dedent(source.split(f"# --8<-- [start:{name}]\n")[1].split(f"# --8<-- [end:{name}]")[0])


def defined_and_read(code: str) -> tuple[set[str], set[str]]:
    """Names the code defines or imports at its top level, and global names it reads anywhere."""
    table = symtable.symtable(code, "block", "exec")
    defined = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    read = set()

    def walk(t):
        for s in t.get_symbols():
            if s.is_referenced() and (t.get_type() == "module" or s.is_global()):
                read.add(s.get_name())
        for child in t.get_children():
            walk(child)

    walk(table)
    return defined, read


def page_blocks(text: str) -> list[tuple[str, str]]:
    """(title, code) of each python block of a page, its includes resolved."""
    blocks = []
    for title, body in re.findall(r'```python title="([^"]+)"[^\n]*\n(.*?)```', text, re.S):
        parts = [section(m.group(1), m.group(2)) for m in map(INCLUDE.match, body.splitlines()) if m]
        blocks.append((title, "\n".join(parts)))
    return blocks


def page_includes(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(file, section), ...]) of each python block of a page."""
    return [(title, [(m.group(1), m.group(2)) for m in map(INCLUDE.match, body.splitlines()) if m])
            for title, body in re.findall(r'```python title="([^"]+)"[^\n]*\n(.*?)```', text, re.S)]


def names_from_elsewhere(text: str) -> dict[str, list[str]]:
    """For each snippet block of a page, the names it reads that neither it nor an earlier block of its own
    file defines: names a reader who copies the block (and its file's blocks above it) does not have."""
    known: dict[str, set[str]] = {}
    missing = {}
    for title, includes in page_includes(text):
        if not title.startswith("snippets/"):
            continue
        defined, read = defined_and_read("\n".join(section(path, name) for path, name in includes))
        own = known.setdefault(title, set(dir(builtins)))
        if read - defined - own:
            missing[f"{title}:{'+'.join(name for _, name in includes)}"] = sorted(read - defined - own)
        own |= defined
    return missing


def names_missing(text: str) -> dict[str, list[str]]:
    known, missing = set(dir(builtins)), {}
    for title, code in page_blocks(text):
        defined, read = defined_and_read(code)
        if title.startswith("snippets/") and read - defined - known:
            missing[title] = sorted(read - defined - known)
        known |= defined
    return missing


def test_the_check_finds_a_name_no_block_defines():
    page = '```python title="snippets/04_maxpooling2d/shift_toy.py"\n--8<-- "snippets/04_maxpooling2d/shift_toy.py:toy"\n```\n'
    assert names_missing(page) == {}
    code = section("snippets/04_maxpooling2d/shift_toy.py", "toy")
    assert "pool" in defined_and_read(code)[0]  # the block itself makes its MaxPooling2D
    cut = code.replace("pool = MaxPooling2D(pool_size=(2, 2))\n", "")
    assert defined_and_read(cut)[1] - defined_and_read(cut)[0] - set(dir(builtins)) == {"pool"}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", PAGES)
def test_every_snippet_block_runs_after_the_blocks_above_it(slug, lang):
    text = (ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    assert page_blocks(text), slug
    assert names_missing(text) == {}


# ------------------------------------------------------------------ parts 7 and 8: each block as it is copied

OWN_FILE_PAGES = ["07-softmax", "08-categorical-crossentropy"]
ALONE = [  # every shown section of these files runs by itself: imports and small arrays inside the markers
    "snippets/07_softmax/softmax_layer.py", "snippets/07_softmax/softmax_overflow.py",
    "snippets/07_softmax/softmax_max_shift.py", "snippets/08_categorical_crossentropy/sum_squared.py",
    "snippets/08_categorical_crossentropy/log_zero.py", "snippets/08_categorical_crossentropy/softmax_gradient.py",
    "snippets/08_categorical_crossentropy/cross_entropy_delta.py",
]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", OWN_FILE_PAGES)
def test_no_block_reads_a_hidden_line_or_another_files_block(slug, lang):
    text = (ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    assert names_from_elsewhere(text) == {}


def test_the_own_file_check_finds_a_name_no_shown_block_of_its_file_defines():
    fused, keras_only = (f'```python title="{path}"\n--8<-- "{path}:{name}"\n```\n' for path, name in (
        ("snippets/08_categorical_crossentropy/softmax_with_loss.py", "fused"),
        ("snippets/08_categorical_crossentropy/softmax_with_loss.py", "keras")))
    assert names_from_elsewhere(fused + keras_only) == {}  # keras reads scores and t from fused, above it in its file
    assert names_from_elsewhere(keras_only) == {
        "snippets/08_categorical_crossentropy/softmax_with_loss.py:keras": ["scores", "t"]}
    assert names_missing(keras_only) == {"snippets/08_categorical_crossentropy/softmax_with_loss.py": ["scores", "t"]}


@pytest.mark.parametrize("rel", ALONE)
def test_each_shown_section_runs_alone_in_a_fresh_python(rel, tmp_path):
    """What the copy button copies, pasted alone: each section of the file that a page shows runs in a fresh
    Python of its own, and the sections, run so, print what the whole file prints (what the page shows)."""
    shown = {name for slug in OWN_FILE_PAGES for lang in ("ja", "en") for _, includes in
             page_includes((ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8"))
             for path, name in includes if path == rel}
    source = (ROOT / rel).read_text(encoding="utf-8")
    names = [name for name in re.findall(r"# --8<-- \[start:(\w+)\]", source) if name in shown]
    assert names, rel
    printed = []
    for name in names:
        run = run_python(section(rel, name), tmp_path / name, f"{name}.py")
        assert run.returncode == 0, f"{rel}:{name} alone:\n{run.stderr}"
        printed.append(run.stdout)
    assert "".join(printed) == run_snippet(rel)[0]
