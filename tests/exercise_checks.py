"""A page's exercise as a reader does it, and a shown block as a reader pastes it.

- ``instructed_edit``: the file, the text to change and what to change it to, read from the exercise's
  own words on the page (its first three inline codes: "in `FILE`, change `OLD` to `NEW`" /
  「`FILE` の `OLD` を `NEW` に」), the ``{{ … }}`` values filled in from the site build's runs. So the
  test does the very edit the page asks for, in either language.
- ``edited_source``: a snippet's text with that edit made once (it must match exactly once).
- ``shown``: one section of a snippet's text, as the page shows it (``# --8<-- [start:NAME]`` … ``[end:NAME]``,
  dedented): what the copy button copies.
- ``answer_function``: one function of an exercise's answer snippet, compiled alone, for an exercise that asks
  the reader to write code: the test runs the reader's function on other inputs than the snippet's.
- ``run_python``: source code saved in a folder of its own and run there as ``python FILE.py``, in a fresh
  process with the build's environment (``sitebuild.environment.run_environment``: the project on
  ``PYTHONPATH``, one thread, no user configuration), so its numbers are the build's numbers.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT
from snippets_util import run_snippet

from sitebuild.environment import run_environment
from sitebuild.values import VALUE_RE

HEADINGS = {"ja": "## やってみよう", "en": "## Try it yourself"}


def exercise(slug: str, lang: str, number: int) -> str:
    """The words of exercise ``number`` of the page, as written in its source (values not filled in)."""
    text = (ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")
    section = text.split(HEADINGS[lang] + "\n", 1)[1].split("\n??? ", 1)[0]
    items = re.split(r"^(\d+)\. ", section, flags=re.M)[1:]  # number, words, number, words, ...
    found = {int(n): " ".join(words.split()) for n, words in zip(items[::2], items[1::2])}
    return found[number]


def fill_values(text: str, lang: str) -> str:
    """``text`` with each ``{{ folder/snippet:name }}`` replaced by the value the build's run exported."""

    def value(match):
        got = run_snippet(f"snippets/{match.group(1)}.py")[2][match.group(2)]
        return str(got[lang] if isinstance(got, dict) else got)

    return VALUE_RE.sub(value, text)


def instructed_edit(slug: str, lang: str, number: int) -> tuple[str, str, str]:
    """(snippet path, old, new) of exercise ``number``: "in `FILE`, change `OLD` to `NEW`"."""
    codes = re.findall(r"`([^`]+)`", fill_values(exercise(slug, lang, number), lang))
    file, old, new = codes[:3]
    assert file.endswith(".py"), (slug, lang, number, codes)
    if "/" not in file:  # a file of the part's own folder, named alone
        file = f"snippets/{slug.replace('-', '_')}/{file}"
    return file, old, new


def edited_source(source: str, old: str, new: str) -> str:
    """``source`` with ``old`` changed to ``new``: the page's edit, which must find exactly one place."""
    assert source.count(old) == 1, f"the exercise's {old!r} is found {source.count(old)} times in the snippet"
    return source.replace(old, new)


def shown(source: str, name: str) -> str:
    """The section ``name`` of a snippet's ``source``, dedented, as the page shows it."""
    return textwrap.dedent(source.split(f"# --8<-- [start:{name}]\n")[1].split(f"# --8<-- [end:{name}]")[0])


def run_python(source: str, folder: Path, name: str = "snippet.py", timeout: float = 600) -> subprocess.CompletedProcess:
    """Save ``source`` as ``folder/name`` and run it there in a fresh Python, with the build's environment.
    Returns the finished process (text stdout and stderr); the caller checks its return code."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    home = folder.parent / f"{folder.name}-home"
    home.mkdir(exist_ok=True)
    env = run_environment(ROOT, home)
    return subprocess.run([sys.executable, name], cwd=folder, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


def answer_function(rel: str, name: str):
    """The function ``name`` defined in the snippet ``rel``, compiled alone (with NumPy as ``np``): the code the
    reader is asked to write, run here on other inputs than the snippet's."""
    import numpy as np

    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    namespace = {"np": np}
    exec(compile(ast.Module(body=[node], type_ignores=[]), rel, "exec"), namespace)
    return namespace[name]
