"""The two languages in lockstep (sitebuild/translations.py, ``python3 dev.py translations``)."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from sitebuild import code_language, translations


def test_every_section_pair_was_checked_together_since_its_last_change():
    found = translations.stale(ROOT)
    assert not found, "\n".join(item.message() for item in found) + (
        f"\n{len(found)} section pair(s) changed in one language since the two were last checked together"
    )


def test_the_lock_names_only_pairs_that_exist():
    """A lock entry for a page, notebook or section that is gone is dropped by the next stamp; a
    lock that names a unit nobody has is a typo or a rename that was not stamped."""
    lock = translations.read_lock(ROOT)
    assert lock, f"{translations.LOCK_NAME} is missing or empty"
    units = translations.units(ROOT)
    assert set(lock) <= set(units), sorted(set(lock) - set(units))


@pytest.mark.parametrize("name", sorted(p.name[: -len(".ja.ipynb")] for p in (ROOT / "notebooks").glob("*.ja.ipynb")))
def test_notebook_code_cells_are_the_english_ones_in_japanese(name):
    """The English notebook is the one source of the code: each Japanese code cell is its twin with the
    comments, docstrings and printed labels from the catalogue (sitebuild.code_language) and LANG = "ja";
    after editing an English cell: python3 -m sitebuild.code_language notebooks."""
    cells = {
        lang: json.loads((ROOT / "notebooks" / f"{name}.{lang}.ipynb").read_text(encoding="utf-8"))["cells"]
        for lang in ("ja", "en")
    }
    assert [c["cell_type"] for c in cells["ja"]] == [c["cell_type"] for c in cells["en"]]
    table = code_language.catalogue(ROOT)
    for index, (ja, en) in enumerate(zip(cells["ja"], cells["en"])):
        if ja["cell_type"] == "code":
            expected = code_language.japanese_code_cell("".join(en["source"]), f"{name}.en.ipynb cell {index}", table)
            assert "".join(ja["source"]) == expected, (
                f"{name}.ja.ipynb code cell {index} is not its English twin in Japanese; "
                "run: python3 -m sitebuild.code_language notebooks")
    setters = sum('LANG = "en"' in "".join(c["source"]) for c in cells["en"] if c["cell_type"] == "code")
    assert setters == 1, f"{name}: expected exactly one cell that sets LANG, found {setters}"


# --- the mechanism, on a small repository of its own --------------------------------------------

JA = """# 第1回 テスト

前置きの文です。

## 最初の節

これは最初の節の
本文です。

## 次の節 {#second}

二つ目の本文です。
"""

EN = """# Part 1 Test

The intro.

## The first section

This is the text of the
first section.

## The next section {#second}

The second text.
"""


def notebook(lang: str, text: str) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": text},
        {"cell_type": "code", "metadata": {}, "source": f'LANG = "{lang}"', "outputs": [], "execution_count": None},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin", "HOME": str(repo)})


def run(repo, *args):
    """``dev.py translations`` as a reader runs it, on the small repository."""
    code = f"import sys; from sitebuild import translations; from pathlib import Path; " \
           f"sys.exit(translations.main(sys.argv[1:], Path({str(repo)!r})))"
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "docs" / "01-test.ja.md").write_text(JA, encoding="utf-8")
    (tmp_path / "docs" / "01-test.en.md").write_text(EN, encoding="utf-8")
    (tmp_path / "notebooks" / "01-test.ja.ipynb").write_text(notebook("ja", "# 試す\n日本語の説明"), encoding="utf-8")
    (tmp_path / "notebooks" / "01-test.en.ipynb").write_text(notebook("en", "# Try\nThe explanation"), encoding="utf-8")
    git(tmp_path, "init", "-q")
    code, out = run(tmp_path)
    assert code == 1 and "never checked together" in out, out
    assert run(tmp_path, "--stamp", "--all")[0] == 0
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first lock")
    code, out = run(tmp_path)
    assert code == 0 and "every section pair was checked together" in out, out
    return tmp_path


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_edited_sentence_names_its_page_section_side_and_diff(repo):
    edit(repo / "docs" / "01-test.en.md", "The second text.", "The second text, now longer.")
    code, out = run(repo)
    assert code == 1
    assert "01-test#second" in out and "ja: 次の節 {#second}" in out and "en: The next section {#second}" in out
    assert "en changed since" in out and "ja changed" not in out
    assert "-The second text." in out and "+The second text, now longer." in out, out
    assert "01-test#the-first-section" not in out  # the untouched section stays fresh


def test_the_test_suite_sees_the_same_stale_pair(repo):
    edit(repo / "docs" / "01-test.ja.md", "二つ目の本文です。", "二つ目の本文を書き換えました。")
    found = translations.stale(repo)
    assert [(f.unit, f.key, f.changed) for f in found] == [("01-test", "second", ["ja"])]
    assert "+二つ目の本文を書き換えました。" in found[0].message()


def test_rewrapping_and_respacing_change_nothing(repo):
    edit(repo / "docs" / "01-test.en.md", "This is the text of the\nfirst section.", "This is the\ntext of the first   section.")
    edit(repo / "docs" / "01-test.ja.md", "これは最初の節の\n本文です。", "これは最初の節の本文です。")
    assert run(repo)[0] == 0


def test_stamping_a_section_clears_it_and_only_it(repo):
    edit(repo / "docs" / "01-test.en.md", "The intro.", "The new intro.")
    edit(repo / "docs" / "01-test.en.md", "The second text.", "The second text, edited.")
    assert run(repo, "--stamp", "01-test#second")[0] == 0
    code, out = run(repo)
    assert code == 1 and "01-test#intro" in out and "01-test#second" not in out
    assert run(repo, "--stamp", "01-test")[0] == 0
    assert run(repo)[0] == 0


def test_a_notebook_markdown_cell_is_under_the_lock(repo):
    edit(repo / "notebooks" / "01-test.en.ipynb", "The explanation", "A different explanation")
    code, out = run(repo)
    assert code == 1 and "notebooks/01-test#cell-0" in out and "en changed" in out


def test_bad_stamp_targets_and_a_second_first_lock_are_refused(repo):
    code, out = run(repo, "--stamp", "01-test#nope")
    assert code == 2 and "no section 'nope'" in out and "second" in out
    code, out = run(repo, "--stamp", "99-missing")
    assert code == 2 and "no page or notebook pair named '99-missing'" in out
    code, out = run(repo, "--stamp", "--all")
    assert code == 2 and "first lock only" in out


def test_the_lock_is_replaced_whole_or_not_at_all(repo, monkeypatch):
    before = (repo / translations.LOCK_NAME).read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(translations.os, "replace", broken)
    edit(repo / "docs" / "01-test.en.md", "The intro.", "The new intro.")
    with pytest.raises(OSError):
        translations.stamp("01-test", repo)
    assert (repo / translations.LOCK_NAME).read_bytes() == before
    assert not list(repo.glob(f".{translations.LOCK_NAME}.*")), "the temporary file is removed"


def test_side_by_side_dates_come_from_the_lock(repo):
    dates = translations.checked_dates("01-test", repo)
    assert set(dates) == {"intro", "the-first-section", "second"} and all(dates.values())
    edit(repo / "docs" / "01-test.ja.md", "前置きの文です。", "前置きを変えました。")
    assert translations.checked_dates("01-test", repo)["intro"] is None
