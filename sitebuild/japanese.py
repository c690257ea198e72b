"""Japanese prose without stray spaces: join source lines where the break falls between two Japanese
characters.

Sources wrap Japanese prose at about 110 columns, and a line break in HTML is drawn as a space, which
Japanese does not have. ``JAPANESE_CHARS`` is the one definition of "a Japanese character"; the tests
that check line joining and the spacing around links use it too.
"""

from __future__ import annotations

import re

# Japanese script and full-width punctuation: 、。「」 kana, kanji, （）：
JAPANESE_CHARS = "\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef"  # for a [...] class
# A term where a page defines it is inline HTML, <dfn id="...">重み</dfn>: part of the sentence, not a block.
_DFN = r'<dfn id="[\w-]+">'
_CJK_END_RE = re.compile(f"[{JAPANESE_CHARS}](\\*\\*|</dfn>)?$")  # 。 or **平坦化** or <dfn ...>平坦化</dfn>
# 全結合層, [第2回 ...](...), **重み**, <dfn ...>重み, or indented
_CJK_START_RE = re.compile(f"\\s*(\\[|\\*\\*|{_DFN})?[{JAPANESE_CHARS}]")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
# Full-width punctuation carries its own spacing: after it, a break is joined whatever follows
# ("3 個が、" + "2 回目" is "3 個が、2 回目", not "、 2 回目"), unless the next line starts a block.
_PUNCT_END_RE = re.compile(r"[、。，．・「」『』（）：；！？](\*\*|</dfn>)?$")
_BLOCK_START_RE = re.compile(r"\s*($|[-*+] |\d+\. |#|\||\$\$|--8<--|!!!|\?\?\?|<(?!dfn\b)|!\[|\{\{ *frames\b|```|~~~)")


def join_japanese_lines(markdown: str) -> str:
    """Join the lines of a paragraph where the break falls between two Japanese characters.

    Sources wrap Japanese prose at about 110 columns; HTML turns each line break into a space, and
    browsers (Chromium among them) draw that space between Japanese characters, where Japanese has
    none ("合わせ、 最後に"). A break next to Latin text, a number or code stays a space, as the pages
    write "写真 1 枚" and "Keras の", except after full-width punctuation (、。」）…), which is never
    followed by a space ("3 個が、2 回目"); a line that starts a block (a list item, a heading, a table,
    math, an include, an admonition, an image, HTML) is never joined. The next line may start with a link or bold text, or be indented
    (a list item's next line). Code blocks are left as they are."""
    out, chunk, in_fence = [], [], False

    def flush():
        if in_fence:
            out.extend(chunk)
        else:
            for line in chunk:  # a heading or a table row never takes the next line in
                joins = out and not out[-1].lstrip().startswith(("#", "|")) and (
                    (_CJK_END_RE.search(out[-1]) and _CJK_START_RE.match(line))
                    or (_PUNCT_END_RE.search(out[-1]) and not _BLOCK_START_RE.match(line))
                )
                if joins:
                    out[-1] += line.lstrip()
                else:
                    out.append(line)
        chunk.clear()

    for line in markdown.split("\n"):
        if _FENCE_RE.match(line):
            flush()
            out.append(line)
            in_fence = not in_fence
        else:
            chunk.append(line)
    flush()
    return "\n".join(out)
