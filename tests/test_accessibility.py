"""WCAG 2 A and AA on every built page, in both palettes.

axe-core (the engine behind browsers' own accessibility audits; npm, pinned in package.json and
package-lock.json, installed into node_modules/ by ``npm ci``, which dev.py and .ci/run run) is
injected from disk into each page of the built site, served on localhost, and run in Chromium against
the rules tagged WCAG 2.0/2.1 A and AA. Every page is found in the built site folder (both languages,
the notebook pages, the side-by-side pages, the 404 page) and scanned with the light palette
(Material's ``default``); the dark one (``slate``) is scanned on the fewest pages that together show
every kind of element (tag and classes) any page shows, so each element kind is checked in both. The
palette is chosen as a reader's system would choose it (``prefers-color-scheme``). Any violation fails
the test with its rule, its elements and its page.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT, page_slugs

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Playwright's emulated prefers-color-scheme -> the Material scheme the page must then show.
PALETTES = {"light": "default", "dark": "slate"}

# Starts axe on the page and returns at once; RESULT waits for it. Two pages (one per palette) are
# scanned at the same time, each in its own renderer process.
START = """tags => {
  window.__axeResult = axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(result => result.violations.map(v => ({
      rule: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}))})));
}"""
RESULT = "() => window.__axeResult"


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as a site-relative URL path ("", "en/03-relu/", "404.html")."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        pages.append(rel[: -len("index.html")] if path.name == "index.html" else rel)
    return pages


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if AXE.is_file():
        return AXE
    message = (f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing): install Node.js and npm, then "
               f"run `npm ci` in the repository (python3 dev.py test does when npm is there)")
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Every kind of element a page shows, as "tag.class.class": what decides its colours in a palette.
KINDS = """() => [...new Set([...document.querySelectorAll('body *')]
  .map(e => e.tagName.toLowerCase() + [...e.classList].sort().map(c => '.' + c).join('')))]"""


def scan(browser, server: str, pages: list[str], axe: Path, scheme: str) -> tuple[dict, list[str], dict]:
    """axe on every page in one palette, two pages at a time (each tab its own renderer process):
    ({(page, palette): violations}, pages whose palette was wrong, {page: its element kinds})."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
    ctx.add_init_script(path=str(axe))  # loaded from disk into every page, before the page's own scripts
    tabs = [ctx.new_page(), ctx.new_page()]
    found, wrong, kinds = {}, [], {}
    try:
        for k in range(0, len(pages), len(tabs)):
            batch = list(zip(tabs, pages[k:k + len(tabs)]))
            for tab, path in batch:
                tab.goto(server + path, wait_until="load")
                shown = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
                if shown != PALETTES[scheme]:
                    wrong.append(f"/{path} shows {shown!r} to a reader who prefers {scheme}")
                kinds[path] = set(tab.evaluate(KINDS))
                tab.evaluate(START, TAGS)
            for tab, path in batch:
                violations = tab.evaluate(RESULT)
                if violations:
                    found[(path, scheme)] = violations
    finally:
        ctx.close()
    return found, wrong, kinds


def covering(kinds: dict[str, set[str]]) -> list[str]:
    """The fewest pages (greedily) that together show every kind of element any page shows: the pages
    scanned in the second palette too. Colours follow from an element's tag and classes, so a
    contrast failure that only one palette has shows on one of these pages."""
    left, chosen = set().union(*kinds.values()), []
    while left:
        best = max(sorted(kinds), key=lambda page: len(kinds[page] & left))
        chosen.append(best)
        left -= kinds[best]
    return chosen


def summary(found: dict) -> dict:
    """{(rule, palette): [pages, elements]}."""
    per_rule = defaultdict(lambda: [0, 0])
    for (_, scheme), violations in found.items():
        for v in violations:
            per_rule[(v["rule"], scheme)][0] += 1
            per_rule[(v["rule"], scheme)][1] += len(v["nodes"])
    return dict(per_rule)


def report(found: dict, limit: int = 5) -> str:
    """Per rule and palette: pages and elements; then each page's violations, up to ``limit`` elements each."""
    lines = [f"WCAG 2 A/AA violations on {len({path for path, _ in found})} pages:"]
    lines += [f"  {rule} ({scheme} palette): {pages} pages, {elements} elements"
              for (rule, scheme), (pages, elements) in sorted(summary(found).items())]
    for (path, scheme), violations in found.items():
        for v in violations:
            lines.append(f"/{path} ({scheme}) [{v['rule']}, {v['impact']}] {v['help']} ({len(v['nodes'])} elements)")
            lines += [f"    {n['target']}  {n['html']}  -- {n['summary']}" for n in v["nodes"][:limit]]
    return "\n".join(lines)


def test_axe_core_is_pinned_exactly_and_installed_from_the_lock_file():
    """package.json names one exact version, package-lock.json locks that version with its hash, and
    node_modules (when installed) holds it: the rules that judge the site change only by a commit."""
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert wanted.count(".") == 2 and wanted.replace(".", "").isdigit(), f"axe-core {wanted!r} is not one exact version"
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert locked[""]["devDependencies"]["axe-core"] == wanted
    assert locked["node_modules/axe-core"]["version"] == wanted
    assert locked["node_modules/axe-core"]["integrity"].startswith("sha512-")
    installed = ROOT / "node_modules" / "axe-core" / "package.json"
    if installed.is_file():
        assert json.loads(installed.read_text(encoding="utf-8"))["version"] == wanted, "run npm ci"
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_every_page_is_scanned(site):
    """The list covers every page: both languages, the notebook pages, the side-by-side pages, 404."""
    pages = set(built_pages(site))
    slugs = page_slugs()
    notebooks = {p.name.split(".")[0] for p in (ROOT / "notebooks").glob("*.ja.ipynb")}
    for slug in slugs:
        folder = "" if slug == "index" else f"{slug}/"
        assert {folder, "en/" + folder, f"side-by-side/{slug}/"} <= pages, slug
    for name in notebooks:
        assert {f"notebooks/{name}/", f"en/notebooks/{name}/"} <= pages, name
    assert "404.html" in pages
    assert len(pages) == 3 * len(slugs) + 2 * len(notebooks) + 1, sorted(pages)


def test_axe_reports_what_it_is_shown(browser, server, axe_script):  # noqa: F811
    """The harness itself: grey text on grey, an input without a label and a scrolling box the keyboard
    cannot reach, added to a page, are reported; so an empty result means the pages passed."""
    found, _, _ = scan(browser, server, [], axe_script, "light")  # nothing: the context opens and closes
    assert found == {}
    assert covering({"a": {"p", "pre.x"}, "b": {"p"}, "c": {"table", "p"}}) == ["a", "c"]
    ctx = browser.new_context(color_scheme="light")
    ctx.add_init_script(path=str(axe_script))
    tab = ctx.new_page()
    tab.goto(server + "03-relu/", wait_until="load")
    tab.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<p style="color:#999;background:#aaa">faint</p><input type="text">' +
        '<div style="overflow:auto;width:5em"><p style="white-space:pre">' + 'x'.repeat(400) + '</p></div>')""")
    tab.evaluate(START, TAGS)
    rules = {v["rule"] for v in tab.evaluate(RESULT)}
    ctx.close()
    assert {"color-contrast", "label", "scrollable-region-focusable"} <= rules, rules


def test_a_scrolling_code_block_is_reached_by_the_keyboard(browser, server):  # noqa: F811
    """docs/javascripts/accessibility.js: on a side-by-side page (no Material script there) a code
    block too wide for its column takes the focus from the Tab key and scrolls with the arrow keys."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = ctx.new_page()
    tab.goto(server + "side-by-side/03-relu/", wait_until="load")
    wide = tab.locator("xpath=//div[contains(@class, 'sbs-row')]//pre/code[@tabindex='0']"
                       "[not(ancestor::details[contains(@class, 'setup-box')])]").first  # not in a closed box
    assert wide.count(), "no code block of the side-by-side page is focusable"
    code = wide.element_handle()
    assert tab.evaluate("c => c.scrollWidth > c.clientWidth && c.scrollLeft === 0", code)
    for _ in range(300):  # Tab from the top of the page until the focus reaches the block
        tab.keyboard.press("Tab")
        if tab.evaluate("c => document.activeElement === c", code):
            break
    else:
        pytest.fail("the Tab key never reached the code block")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function("c => c.scrollLeft > 0", arg=code, timeout=5_000)  # scrolling is animated
    narrow = tab.evaluate("""() => [...document.querySelectorAll('div.sbs-row pre > code')]
        .filter(c => c.scrollWidth <= c.clientWidth && c.scrollHeight <= c.clientHeight)
        .map(c => c.getAttribute('tabindex'))""")
    assert narrow and set(narrow) == {None}, "a code block that does not scroll is no tab stop"
    ctx.close()


def test_side_by_side_pages_keep_the_palette_the_reader_chose(browser, server):  # noqa: F811
    """A reader on a light system who switched the site to dark reads the side-by-side view in dark
    too (sitebuild/side_by_side.py reads the choice Material stored), and back."""
    ctx = browser.new_context(color_scheme="light")
    tab = ctx.new_page()
    for scheme in ("slate", "default"):
        tab.goto(server + "03-relu/", wait_until="load")
        tab.locator("form[data-md-component=palette] label:visible").first.click()
        tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
        tab.goto(server + "side-by-side/03-relu/", wait_until="load")
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    ctx.close()


def test_wcag_2_aa_on_every_page_light_and_on_every_kind_of_element_dark(site, browser, server, axe_script):  # noqa: F811
    """Every page in the light palette; then, in the dark palette, the pages that together show every
    kind of element (``covering``): both palettes on every element kind, one scan per page besides."""
    pages = built_pages(site)
    found, wrong, kinds = scan(browser, server, pages, axe_script, "light")
    dark = covering(kinds)
    # each kind of page has elements of its own (the side-by-side rows, the notebook cells)
    assert any(p.startswith("side-by-side/") for p in dark) and any("notebooks/" in p for p in dark), dark
    found_dark, wrong_dark, _ = scan(browser, server, dark, axe_script, "dark")
    found.update(found_dark)
    print(f"\naxe: {len(pages)} pages light, {len(dark)} dark: {', '.join('/' + p for p in dark)}")
    if os.environ.get("CNN_BLOG_AXE_REPORT"):  # every violation as JSON, for a closing note
        Path(os.environ["CNN_BLOG_AXE_REPORT"]).write_text(json.dumps(
            [{"page": path, "palette": scheme, "violations": v} for (path, scheme), v in found.items()],
            ensure_ascii=False, indent=1), encoding="utf-8")
    assert not wrong + wrong_dark, "the palette did not follow the reader's preference:\n" + "\n".join(wrong + wrong_dark)
    assert not found, report(found)
