"""Math as MathML, converted at build time: the site loads no math renderer from a CDN and reads offline.

Pages write LaTeX (``$...$``, ``$$...$$``); pymdownx.arithmatex wraps it in ``span``/``div``
``class="arithmatex"`` and ``arithmatex_to_mathml`` converts those. Notebook pages come from
nbconvert, which leaves ``$...$`` in markdown cells for MathJax: ``dollar_math_to_mathml`` converts
those, outside code.
"""

from __future__ import annotations

import html
import re

_MATH_RE = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.S,
)
_NB_MATH_RE = re.compile(r"(?<![\\$])\$(?!\s)([^$\n<>]+?)(?<!\s)\$(?!\$)")


def latex_to_mathml(latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    return convert(latex, display="block" if display else "inline")


def arithmatex_to_mathml(content: str) -> str:
    """Every ``\\(...\\)`` and ``\\[...\\]`` that arithmatex wrapped in a page's HTML, as MathML."""

    def to_mathml(match):
        if match.group("block") is not None:
            # Kept in Material's div.arithmatex, which scrolls a wide formula instead of the page (375 px phones).
            return '<div class="arithmatex">' + latex_to_mathml(html.unescape(match.group("block").strip()), True) + "</div>"
        return latex_to_mathml(html.unescape(match.group("inline").strip()), False)

    return _MATH_RE.sub(to_mathml, content)


def dollar_math_to_mathml(content: str) -> str:
    """Every inline ``$...$`` of a notebook page's HTML, as MathML; code, scripts and styles keep theirs."""
    return replace_outside_code(content, _NB_MATH_RE, lambda m: latex_to_mathml(html.unescape(m.group(1)), False))


def replace_outside_code(content: str, pattern, repl) -> str:
    """``pattern.sub(repl, ...)`` on the HTML outside ``pre``, ``code``, ``script`` and ``style`` elements."""
    parts = re.split(
        r"(<(pre|code|script|style)[\s>].*?</\2>)", content, flags=re.S
    )
    # re.split returns [text, block, tag name, text, block, tag name, ..., text]
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(pattern.sub(repl, part))
        elif i % 3 == 1:
            out.append(part)  # a code, script or style block, unchanged; i % 3 == 2 is its tag name
    return "".join(out)
