"""The reader's experience in a real browser: Debian's Chromium driven by Playwright, against the
built site served over HTTP on localhost (search does not work from file://)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from conftest import LANGS, ROOT, page_slugs

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

def page_paths() -> list[tuple[str, str]]:
    """(language, site-relative folder) of every page and notebook page."""
    paths = []
    for lang in LANGS:
        prefix = "" if lang == "ja" else "en/"
        paths += [(lang, prefix + ("" if slug == "index" else f"{slug}/")) for slug in page_slugs()]
        paths += [(lang, f"{prefix}notebooks/{nb.name.split('.')[0]}/")
                  for nb in sorted((ROOT / "notebooks").glob(f"*.{lang}.ipynb"))]
    return paths


def twin(path: str, lang: str) -> str:
    return path[len("en/"):] if lang == "en" else "en/" + path


@pytest.mark.parametrize("lang, path", page_paths())
def test_page_in_a_browser(context, server, lang, path):
    """Switcher to the twin and back, images loaded with alt text in the page's language, math
    rendered, nothing fetched from another host."""
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + path, wait_until="load")  # images, styles and scripts; not the search index

    other = "en" if lang == "ja" else "ja"
    href = page.locator(f'a.md-select__link[hreflang="{other}"]').get_attribute("href")
    page.goto(page.evaluate("h => new URL(h, location.href).href", href))
    base = urlsplit(server).path
    assert urlsplit(page.url).path == base + twin(path, lang)
    back = page.locator(f'a.md-select__link[hreflang="{lang}"]').get_attribute("href")
    page.goto(page.evaluate("h => new URL(h, location.href).href", back))
    assert urlsplit(page.url).path == base + path
    page.wait_for_function("[...document.images].every(img => img.complete)")

    images = page.locator("article img").evaluate_all(
        "els => els.map(e => ({src: e.src, w: e.naturalWidth, alt: e.alt, inline: e.src.startsWith('data:')}))")
    for img in images:
        assert img["w"] > 0, f"{path}: image did not load: {img['src'][:80]}"
        if not img["inline"]:  # notebook outputs are images the notebook made, without alt text
            assert img["alt"].strip(), f"{path}: no alt text for {img['src']}"
            assert bool(JAPANESE.search(img["alt"])) == (lang == "ja"), f"{path}: alt in the wrong language"

    text = page.locator("article").inner_text()
    assert not re.search(r"\\\(|\\\)|\\\[|\$\$", text), f"{path}: raw math left in the text"
    if page.locator("article math").count():
        assert page.locator("article math").first.bounding_box()["width"] > 0

    foreign = {urlsplit(u).netloc for u in requests if urlsplit(u).scheme in ("http", "https")} - {urlsplit(server).netloc}
    assert not foreign, f"{path}: requests to {foreign}"
    page.close()


@pytest.mark.parametrize("lang, path", page_paths())
def test_no_horizontal_scroll_on_a_phone(browser, server, lang, path):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = ctx.new_page()
    page.goto(server + path, wait_until="load")
    width = page.evaluate("document.documentElement.scrollWidth")
    ctx.close()
    assert width <= 375, f"{path}: the page is {width} px wide on a 375 px screen"


def test_copy_button_puts_the_code_on_the_clipboard(context, server):
    page = context.new_page()
    page.goto(server + "03-relu/")
    page.wait_for_load_state("networkidle")
    # the page's own blocks, not the setup box's (closed: its buttons are hidden)
    block = page.locator("xpath=//article//div[contains(@class, 'highlight')]"
                         "[not(ancestor::details[contains(@class, 'setup-box')])]").nth(1)
    code = block.locator("code").inner_text()
    block.hover()
    block.locator('button.md-code__button[data-md-type="copy"]').click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.strip() and "ReLU" in copied
    page.close()


def test_dark_mode_switches_the_palette(context, server):
    page = context.new_page()
    page.goto(server + "03-relu/")
    page.wait_for_load_state("networkidle")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark
    page.close()


def _run_without_a_browser(ci: bool):
    """A pytest run of one browser test with CNN_BLOG_CHROMIUM naming no file."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env.update(CNN_BLOG_CHROMIUM="/nonexistent/chromium", **({"CI": "true"} if ci else {}))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n0", "-p", "no:cacheprovider", "--color=no", "--setup-show",
         "tests/test_browser.py::test_dark_mode_switches_the_palette"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_without_a_browser_the_run_says_so_in_one_line_at_the_end():
    proc = _run_without_a_browser(ci=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.rstrip().splitlines()
    assert re.fullmatch(r"=+ 1 skipped in [\d.]+s =+", lines[-1]), lines[-1]
    assert lines[-2] == ("The browser tests did not run: no Chromium at /nonexistent/chromium. Install one "
                         "(apt-get install chromium) or set CNN_BLOG_CHROMIUM to a Chromium or Chrome binary.")
    assert sum("did not run" in line for line in lines) == 1
    assert "SETUP" not in proc.stdout, "no fixture (no site build) for a test that cannot run"


def test_under_ci_a_missing_browser_fails_the_run():
    proc = _run_without_a_browser(ci=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"=+ 1 error in [\d.]+s =+$", proc.stdout.rstrip()), proc.stdout[-500:]
    assert "no Chromium at /nonexistent/chromium" in proc.stdout and "Under CI=true" in proc.stdout
    assert "SETUP" not in proc.stdout
