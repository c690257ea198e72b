"""The setup box (sitebuild/setup_box.py): how to run a page's code, right after the first code block of
the home page and of every part, in the page's language, with the pip line of the wheel the site
serves and the versions pyproject.toml declares."""

from __future__ import annotations

import html
import re
import tomllib

import pytest
from conftest import LANGS, ROOT, built_page, page_slugs, repository
from packaging.requirements import Requirement

from sitebuild import setup_box, site_url, wheel

BLOCK = '<div class="language-python highlight"><span class="filename">x.py</span><pre><code>1</code></pre></div>'
PAGE = "<h1>ReLU</h1><p>text</p>" + BLOCK + "<p>more</p>" + BLOCK
URL = "https://cnn-blog.github.io/cnn-blog/"
REPO = "https://github.com/cnn-blog/cnn-blog"


def test_the_box_goes_after_the_first_code_block_of_a_part_and_the_home_page_only():
    link = '\n<p class="whole-file" data-search-exclude><a href="x.py" download="x.py">Download</a></p>'
    out = setup_box.add_box(PAGE.replace(BLOCK, BLOCK + link, 1), "03-relu.en.md", "en", URL, REPO, ROOT)
    assert out.count("setup-box") == 1
    # after the first block and its whole-file link (the text before leads into that code), before the next
    assert out.index(link) + len(link) < out.index("setup-box") < out.rindex(BLOCK)
    assert "<details" in out and " open>" not in out.split("<summary>")[0], "closed on a part"
    home = setup_box.add_box(PAGE, "index.ja.md", "ja", URL, REPO, ROOT)
    assert " open>" in home.split("<summary>")[0] and "自分の環境で動かす" in home
    for other in ("glossary.en.md", "notebooks/03-relu.en.ipynb", "404.md"):
        assert setup_box.add_box(PAGE, other, "en", URL, REPO, ROOT) == PAGE
    assert setup_box.add_box("<h1>x</h1><p>no code</p>", "03-relu.md", "en", URL, REPO, ROOT).count("setup-box") == 0


def test_the_box_states_the_declared_versions_and_the_served_wheel():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["keras"]
            + project["optional-dependencies"]["figures"]]
    lowest = {r.name.removesuffix("-cpu"): str(next(iter(r.specifier))).removeprefix(">=") for r in reqs if r.specifier}
    text = setup_box.box("en", URL, REPO, ROOT, open_=False)
    for name, label in (("numpy", "NumPy"), ("keras", "Keras"), ("matplotlib", "Matplotlib")):
        assert f"{label} ({lowest[name]} or later)" in text, (label, lowest[name])
    assert f"TensorFlow {lowest['tensorflow']} or later" in text
    assert "python3 -m venv .venv" in text
    assert f"Python {project['requires-python'].removeprefix('>=')} or later" in text
    for extras in ("all", "data,figures"):  # everything; everything but Keras (a TensorFlow is there, or none can be)
        assert html.escape(f'pip install "cnn-blog[{extras}] @ {URL}downloads/{wheel.wheel_name(ROOT)}"') in text
    ja = setup_box.box("ja", URL, REPO, ROOT, open_=True)
    assert f"NumPy（{lowest['numpy']} 以上）" in ja and f"TensorFlow {lowest['tensorflow']} 以上" in ja
    assert ja.count("pip install") == text.count("pip install") == 2
    assert f'<a href="{REPO}">' in ja


def test_the_box_names_the_call_that_gives_the_pages_numbers_and_the_versions_that_made_them():
    """The versions the box says the pages' numbers were made with are the ones this build runs."""
    from importlib.metadata import version

    made = {"NumPy": version("numpy"), "TensorFlow": version("tensorflow-cpu"), "Keras": version("keras")}
    from test_notebooks_travel import pins  # the suite's one name==version parser

    pinned = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    assert made == {"NumPy": pinned["numpy"], "TensorFlow": pinned["tensorflow-cpu"], "Keras": pinned["keras"]}
    for lang in ("en", "ja"):
        home = setup_box.box(lang, URL, REPO, ROOT, open_=True)  # the home page's box says it all
        assert "<code>same_numbers_as_the_page()</code>" in home and "<code>cnn_blog.reproduce</code>" in home
        for label, v in made.items():
            assert f"{label} {v}" in home, (lang, label, v)
        assert ("x86-64" in home) and ("GPU" in home) and ("oneDNN" in home) and 'id="run-the-code"' in home
        part = setup_box.box(lang, URL, REPO, ROOT, open_=False)  # a part's box names the call, links the rest
        assert "<code>same_numbers_as_the_page()</code>" in part and "Apple" not in part and "Apple" in home
        assert '<a href="../#run-the-code">' in part


@pytest.mark.parametrize("lang", LANGS)
def test_every_part_and_the_home_page_have_one_box_after_their_first_code_block(site, lang):
    served = site / wheel.FOLDER / wheel.wheel_name(ROOT)
    assert served.is_file()
    url = site_url.pages_url(repository())
    slugs = [s for s in page_slugs() if re.match(r"^\d\d-", s)]
    assert len(slugs) >= 13
    for slug in ["index", *slugs]:
        text = built_page(site, slug, lang).read_text(encoding="utf-8")
        main = text.split('class="md-content"', 1)[1]
        assert main.count('class="note setup-box"') == 1, f"{slug} ({lang})"
        box_at = main.index('class="note setup-box"')
        before = main[:box_at]
        assert len(re.findall(r'<div class="(?:language-\w+ )?highlight">', before)) == 1, f"{slug}: not the first block"
        assert main.index("<h1") < box_at, slug
        lines = re.findall(r"pip install &quot;cnn-blog\[([\w,]+)\] @ (\S+?)&quot;", main)
        assert lines == [("all", f"{url}{wheel.FOLDER}/{served.name}"), ("data,figures", f"{url}{wheel.FOLDER}/{served.name}")], lines
        assert ("このページのコード" in main[box_at:box_at + 400]) == (lang == "ja")
    glossary = built_page(site, "glossary", lang).read_text(encoding="utf-8")
    assert "setup-box" not in glossary
