"""The home page: the model at a glance (its snippet, figure and alt text) and the table of parts."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, page_slugs
from figure_checks import assert_labels_have_glyphs
from series_by_hand import series_layers
from snippets_util import run_snippet

from cnn_blog.demos import overview as demos
from cnn_blog.figures import overview


def series_stages(side=100, channels=3, classes=6):
    """The series' model by hand (tests/series_by_hand.py): (shape, layers) per change of shape."""
    rows = series_layers(side, channels, classes)
    stages = [((side, side, channels), "input")]
    for r in rows:
        if r.kind == "Conv2D":
            stages.append((r.shape, f"Conv2D {r.shape[2]} 3×3{' same' if r.option == 'same' else ''} + ReLU"))
        elif r.kind == "MaxPooling2D":
            stages.append((r.shape, "MaxPooling 2×2 + Dropout 0.25"))
        elif r.kind == "Flatten":
            stages.append((r.shape, "Flatten"))
        elif r.kind == "Dense":
            stages.append((r.shape, "Dense 512 + ReLU + Dropout 0.5" if r.shape == (512,) else f"Dense {classes} + softmax"))
    return stages, sum(r.params for r in rows)


def test_hand_count_is_the_documented_one():
    stages, params = series_stages()
    assert params == 17_403_430 and stages[7][0] == (33_856,)  # DESIGN.md: 23 x 23 x 64 = 33,856


def test_snippet_prints_every_stage_and_draws_both_languages(tmp_path):
    stdout, files, values = run_snippet("snippets/index/model_overview.py")
    stages, params = series_stages()
    expected = [f"{'×'.join(f'{n:,}' for n in shape):>14}  {layers}" for shape, layers in stages]
    assert stdout.splitlines() == expected + [f"parameters: {params:,}"]
    assert values == {"params": f"{params:,}", "layers": 18, "stages": len(stages) - 1}
    assert set(files) == {"model_overview.values.json", "index-model.ja.svg", "index-model.en.svg"}
    assert files["index-model.ja.svg"].read_bytes() != files["index-model.en.svg"].read_bytes()
    assert all(path.stat().st_size < 300_000 for path in files.values())


def test_model_stages_group_the_layers_as_counted_by_hand():
    from cnn_blog.train import build_model

    stages, _ = series_stages()
    found = demos.model_stages(build_model((100, 100, 3), 6))
    assert [(shape, " + ".join(labels)) for labels, shape in found] == stages
    assert demos.shape_text((100, 100, 32)) == "100×100×32" and demos.shape_text((33_856,)) == "33,856"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    stages = [(["input"], (8, 8, 3)), (["Conv2D 4 3×3 same", "ReLU"], (8, 8, 4)), (["Flatten"], (256,)),
              (["Dense 2", "softmax"], (2,))]
    joined = assert_labels_have_glyphs(overview.make_model_diagram(lang, stages, 2, 1234), lang)
    assert "1,234" in joined and "8×8×4" in joined and "256" in joined


def page(lang: str) -> str:
    return (ROOT / "docs" / f"index.{lang}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_alt_text_numbers_are_the_models_shapes(lang):
    stages, _ = series_stages()
    alt = next(a for a in re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", page(lang)) if "index-model" in a[1])[0]
    sides = list(dict.fromkeys(shape[0] for shape, _ in stages[1:] if len(shape) == 3))  # 100, 98, 49, 47, 23
    assert f"（{'、'.join(map(str, sides))}）" in alt if lang == "ja" else f"({', '.join(map(str, sides))})" in alt
    vectors = [f"{shape[0]:,}" for shape, _ in stages if len(shape) == 1]  # 33,856, 512, 6
    assert (f"{vectors[0]} 個、{vectors[1]} 個、{vectors[2]} 個" if lang == "ja"
            else f"{vectors[0]}, {vectors[1]} and {vectors[2]} numbers") in alt
    assert "100×100×3" in alt and re.search(r"32 (から|to) 64", alt)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_table_of_parts_links_every_page_and_every_notebook(lang):
    text = page(lang)
    rows = [line for line in text.splitlines() if re.match(r"^\| (第\d+回|Part \d+) \|", line)]
    parts = [slug for slug in page_slugs() if slug not in ("index", "glossary")]
    assert [re.search(r"\]\(([\w-]+)\.md\)", row).group(1) for row in rows] == parts
    notebooks = sorted({p.name.split(".")[0] for p in (ROOT / "notebooks").glob("*.ipynb")})
    linked = sorted(re.findall(r"\]\(notebooks/([\w-]+)\.ipynb\)", "\n".join(rows)))
    assert linked == notebooks
    assert "](glossary.md)" in text


# ------------------------------------------------------------------ the whole script's block


def names_used_but_not_shown(code: str) -> set[str]:
    """Global names the code reads that it neither defines nor imports (builtins aside)."""
    import builtins
    import symtable

    table = symtable.symtable(code, "shown.py", "exec")
    defined = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    used = set()

    def walk(t):
        for s in t.get_symbols():
            if s.is_referenced() and (t.get_type() == "module" or s.is_global()):
                used.add(s.get_name())
        for child in t.get_children():
            walk(child)

    walk(table)
    return used - defined - set(dir(builtins))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_paragraph_after_the_script_names_every_name_the_block_does_not_define(lang):
    """The block shows parts of cnn_blog/train.py; the paragraph after it names what else they use
    (``build_model`` gets its own block right after), and says where those names live."""
    text = page(lang)
    block = text.split('```python title="cnn_blog/train.py"\n--8<--\n')[1].split("--8<--\n```")[0]
    source = (ROOT / "cnn_blog" / "train.py").read_text(encoding="utf-8")
    code = "".join(source.split(f"# --8<-- [start:{name.split(':')[1]}]")[1].split(f"# --8<-- [end:{name.split(':')[1]}]")[0]
                   for name in block.split())
    missing = names_used_but_not_shown(code)
    assert {"set_seed", "build_model"} <= missing  # the check finds what the block leaves out
    paragraph = text.split(block + "--8<--\n```\n\n")[1].split("\n\n")[0]
    named = set(re.findall(r"`(\w+)`", paragraph))
    assert missing - {"build_model"} <= named, sorted(missing - named)
    assert "`cnn_blog/train.py`" in paragraph and "`python -m cnn_blog.train --epochs 5`" in paragraph
    assert "build_model" in text.split(paragraph)[1].split("```")[0]  # explained right after


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_table_shows_todays_script_lines_not_the_2019_ones(lang):
    """Issue 15: the "script line" column shows lines of today's cnn_blog/train.py (which runs on Keras 3),
    each found in that file (a cut-short line up to its `…`); the 2019 spellings appear only in the text
    that says they changed."""
    source = " ".join((ROOT / "cnn_blog" / "train.py").read_text(encoding="utf-8").split())
    text = page(lang)
    rows = [line for line in text.splitlines() if re.match(r"^\| (第\d+回|Part \d+) \|", line)]
    shown = [code for row in rows for code in re.findall(r"`([^`]+)`", row.split(" | ")[2])]
    assert len(shown) >= 12
    for code in shown:
        if code == "build_model":
            continue
        assert " ".join(code.split("…")[0].split()) in source, code
    table = "\n".join(rows)
    for old in ("keras.optimizers.adam()", "input_shape=", "augumented_images", "Activation('"):
        assert old not in table
    note = text.split(rows[-1])[1].split("\n\n")[1]  # the paragraph right under the table
    assert "`keras.optimizers.adam()`" in note and "`keras.optimizers.Adam()`" in note and "`input_shape=`" in note
    assert "`cnn_blog/train.py`" in note


def test_home_page_promises_nothing_and_names_the_original_posts():
    text = page("ja")
    assert "約束" not in text and "シリーズ" not in text and "元の連載" in text
