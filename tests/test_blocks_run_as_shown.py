"""Every snippet block on the pages of parts 1-13 and the home page runs as shown, after the blocks
above it on the same page: each name it reads is defined or imported by itself or by an earlier block
(``python`` blocks only; a block titled with a package file, ``cnn_blog/…``, shows definitions that
the snippets import). Whatever else a snippet needs is in its whole file, which the site serves."""

from __future__ import annotations

import builtins
import re
import symtable
import textwrap

import pytest
from conftest import ROOT

PAGES = ["index", "01-data", "02-conv2d", "03-relu", "04-maxpooling2d", "05-dropout", "06-flatten-dense",
         "07-softmax", "08-categorical-crossentropy", "09-compile", "10-batch-size-epochs", "11-adam",
         "12-training", "13-numpy-model"]
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
