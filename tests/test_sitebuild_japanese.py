"""sitebuild.japanese: a line break between two Japanese characters is removed; others stay spaces."""

from __future__ import annotations

import re

import pytest

from sitebuild.japanese import JAPANESE_CHARS, join_japanese_lines


def test_japanese_lines_are_joined_where_the_break_falls_between_japanese_characters():
    kept = [  # a blank line ends a paragraph; code and tables are left alone
        "",
        "段落は分かれたまま。",
        "```python",
        "# 日本語の",
        "# コメント",
        "```",
        "| 表 |",
    ]
    source = [
        "## 見出し",  # a heading never takes the next line in
        "本文の最初の行、",
        "次の行です。Keras の",
        "層と `Dense`",
        "を使い、写真 1",
        "枚を**強調**",
        "[第2回 Conv2D](02-conv2d.md) です。",
        "- 項目の、",
        "  続きです。",
    ]
    assert join_japanese_lines("\n".join(source + kept)).split("\n") == [
        "## 見出し",
        "本文の最初の行、次の行です。Keras の層と `Dense`",
        "を使い、写真 1",
        "枚を**強調**[第2回 Conv2D](02-conv2d.md) です。",
        "- 項目の、続きです。",
    ] + kept


def test_tilde_fences_and_indented_fences_keep_their_lines():
    text = "前の文。\n~~~\n日本語の\n行\n~~~\n  ```text\n出力の\n行\n  ```\n後の文。"
    assert join_japanese_lines(text) == text


def test_an_unclosed_fence_keeps_every_line_after_it():
    text = "本文の\n行。\n```\n閉じない\nコード"
    assert join_japanese_lines(text) == "本文の行。\n```\n閉じない\nコード"


def test_bold_at_the_end_and_full_width_punctuation_join():
    assert join_japanese_lines("これは**平坦化**\nです（本当）\n：はい") == "これは**平坦化**です（本当）：はい"


def test_a_defined_term_is_part_of_the_sentence_not_a_block():
    """<dfn id> (a term where the page defines it) joins like bold text, at either end of a line."""
    text = 'クラスごとの割合を保ったまま、\n<dfn id="seed">シード</dfn>を固定し、\n<dfn id="x">層</dfn>\nです。\n<div>\n箱'
    assert join_japanese_lines(text) == 'クラスごとの割合を保ったまま、<dfn id="seed">シード</dfn>を固定し、<dfn id="x">層</dfn>です。\n<div>\n箱'


def test_english_text_and_empty_input_are_unchanged():
    text = "A line\nand the next.\n\n## Heading\nbody"
    assert join_japanese_lines(text) == text
    assert join_japanese_lines("") == ""
    assert join_japanese_lines("\n\n") == "\n\n"


@pytest.mark.parametrize("char", ["、", "。", "「", "」", "あ", "ア", "ー", "漢", "（", "）", "：", "\u3000"])
def test_japanese_chars_cover_kana_kanji_and_full_width_punctuation(char):
    assert re.fullmatch(f"[{JAPANESE_CHARS}]", char)


@pytest.mark.parametrize("char", ["a", "Z", "1", " ", "(", ":", "-", "é", "α", "→"])
def test_japanese_chars_leave_out_latin_digits_and_ascii_punctuation(char):
    assert not re.fullmatch(f"[{JAPANESE_CHARS}]", char)


def test_a_break_after_full_width_punctuation_is_joined_before_latin_text_numbers_and_code():
    source = "3 個が、\n2 回目は。\n`Dense` は\n{{ part/x:n }} 枚で（注）\nKeras の。"
    assert join_japanese_lines(source) == "3 個が、2 回目は。`Dense` は\n{{ part/x:n }} 枚で（注）Keras の。"


@pytest.mark.parametrize("block", ["- 項目", "1. 手順", "$$", "--8<-- \"x.py\"", "!!! note", "??? note \"答え\"",
                                   "![図](x.svg)", "<div>", "| 表 |", "## 見出し", "{{ frames 02_conv2d/x }}", ""])
def test_a_line_that_starts_a_block_is_never_joined_after_punctuation(block):
    assert join_japanese_lines(f"前の文です。\n{block}") == f"前の文です。\n{block}"
