"""sitebuild.mathml: LaTeX in pages (arithmatex) and in notebook pages ($...$) becomes MathML."""

from __future__ import annotations

import re

from sitebuild.mathml import arithmatex_to_mathml, dollar_math_to_mathml, latex_to_mathml, replace_outside_code

INLINE_X2 = latex_to_mathml("x^2", False)


def test_latex_becomes_inline_or_block_mathml():
    assert INLINE_X2.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in INLINE_X2
    assert 'display="block"' in latex_to_mathml("x^2", True)


def test_arithmatex_inline_math_replaces_its_span_and_html_escapes_are_undone():
    out = arithmatex_to_mathml('<p>so <span class="arithmatex">\\( a &lt; b \\)</span>.</p>')
    assert out == "<p>so " + latex_to_mathml("a < b", False) + ".</p>"
    assert "arithmatex" not in out and "&lt;" not in out


def test_arithmatex_block_math_stays_in_its_scrolling_div():
    out = arithmatex_to_mathml('<div class="arithmatex">\n\\[\n x^2 \n\\]\n</div>')
    assert out == '<div class="arithmatex">' + latex_to_mathml("x^2", True) + "</div>"


def test_html_without_arithmatex_is_unchanged():
    html = '<p>$x$ and \\(y\\) <span class="other">\\(z\\)</span></p>'
    assert arithmatex_to_mathml(html) == html


def test_notebook_dollar_math_is_converted_outside_code_only():
    html = ("<p>a $x^2$ b</p><pre>$x^2$</pre><code class=\"c\">$x^2$</code>"
            "<script>var s = '$x^2$';</script><style>a::after{content:'$x^2$'}</style>")
    out = dollar_math_to_mathml(html)
    assert out.count("<math") == 1
    assert out.startswith("<p>a " + INLINE_X2 + " b</p><pre>$x^2$</pre>")
    assert out.count("$x^2$") == 4


def test_dollar_signs_that_are_not_inline_math_are_left_alone():
    for text in ("$$x$$", "\\$5 and \\$6", "$ x$", "$x $", "costs $5\nand $6", "$a<b$", ""):
        assert dollar_math_to_mathml(text) == text, text
    assert dollar_math_to_mathml("$a &amp; b$") == latex_to_mathml("a & b", False)


def test_replace_outside_code_skips_pre_code_script_and_style_but_not_look_alikes():
    pattern = re.compile("x")
    html = "x<pre>x</pre>x<code>x</code><codex>x</codex><script src='a'>x</script><style>x</style>x"
    assert replace_outside_code(html, pattern, lambda m: "Y") == (
        "Y<pre>x</pre>Y<code>x</code><codeY>Y</codeY><script src='a'>x</script><style>x</style>Y")
    assert replace_outside_code("", pattern, lambda m: "Y") == ""
