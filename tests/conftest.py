"""Fixtures shared by the site tests: the real site is built once per test session."""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ja", "en")

# Tests that recompute a page's numbers in this process (a Keras training run, say) compute them as
# the build does: the same numeric settings (oneDNN off, one thread), set before TensorFlow loads.
sys.path.insert(0, str(ROOT))
from sitebuild.environment import FIXED  # noqa: E402

os.environ.update({name: value for name, value in FIXED.items()
                   if name.startswith(("TF_", "OMP_", "OPENBLAS_", "MKL_", "KERAS_BACKEND"))})


def mkdocs_env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return env


def given_site() -> Path | None:
    """The built site named by ``CNN_BLOG_SITE`` (the Pages workflow tests the folder it publishes)."""
    folder = os.environ.get("CNN_BLOG_SITE")
    if not folder:
        return None
    path = Path(folder).resolve()
    if not (path / "index.html").is_file():
        raise FileNotFoundError(f"CNN_BLOG_SITE={folder}: no built site there (index.html missing)")
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """``mkdocs build --strict`` of the real site into a temporary folder (the snippet cache is the
    project's own ``.cache/``, so an unchanged tree builds in seconds), or the build CNN_BLOG_SITE names.

    Built once per run: under pytest-xdist the workers share one build, in the folder of the run that
    they all see; the first worker to ask builds it while the others wait for it."""
    given = given_site()
    if given is not None:
        return given
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # <run>/popen-gw0 -> <run>, the same for every worker of this run
    folder = shared / "site-build"
    folder.mkdir(exist_ok=True)
    out, status = folder / "site", folder / "status"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not status.is_file():
            proc = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                cwd=ROOT, env=mkdocs_env(), capture_output=True, text=True,
            )
            status.write_text("ok" if proc.returncode == 0 else f"{proc.stdout}\n{proc.stderr}", encoding="utf-8")
    report = status.read_text(encoding="utf-8")
    assert report == "ok", f"mkdocs build --strict failed:\n{report}"
    return out


def page_slugs() -> list[str]:
    """Every page of the site by slug ("index", "03-relu", ...), from the Japanese sources."""
    return sorted(p.name[: -len(".ja.md")] for p in (ROOT / "docs").glob("*.ja.md"))


def built_page(site: Path, slug: str, lang: str) -> Path:
    base = site if lang == "ja" else site / lang
    return base / "index.html" if slug == "index" else base / slug / "index.html"


# --- The browser: Chromium (or Chrome) driven by Playwright ------------------------------------

def chromium_path() -> Path:
    """``CNN_BLOG_CHROMIUM`` if set, else ``chromium`` on PATH, else Debian's /usr/bin/chromium."""
    return Path(os.environ.get("CNN_BLOG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def browser_missing_message() -> str:
    return (f"The browser tests did not run: no Chromium at {chromium_path()}. Install one "
            f"(apt-get install chromium) or set CNN_BLOG_CHROMIUM to a Chromium or Chrome binary.")


def require_chromium(config: pytest.Config) -> Path:
    """The browser to launch. Without one, a browser test is skipped and the run ends with a line that
    says so and how to get one; under CI (``CI=true``) it fails instead."""
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return path
    message = browser_missing_message()
    if under_ci():
        pytest.fail(message + " Under CI=true a missing browser fails the run.", pytrace=False)
    pytest.skip(NO_BROWSER)


def require_node() -> str:
    """``node``, which runs the search worker's segmenter and installs axe-core (npm). Without it the
    test is skipped, saying how to get it; under CI (``CI=true``) it fails instead, like a missing browser."""
    node = shutil.which("node")
    if node:
        return node
    message = "no node to run JavaScript here: install Node.js (apt-get install nodejs npm)"
    if under_ci():
        pytest.fail(message + "; under CI=true a missing node fails the run", pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Every test that uses the ``browser`` fixture (here or in another file) checks for the browser
    before any of its fixtures is set up, so a missing one costs no site build."""
    if "browser" in getattr(item, "fixturenames", ()):
        require_chromium(item.config)


# The files that take longest, in the order the workers should start them (pytest-xdist hands out
# whole files in collection order): the site build and what needs it on one worker, the snippets'
# copy runs on the other, then the rest. Measured with --durations; the other files follow in name order.
LONGEST_FIRST = ("test_site.py", "test_snippets_standalone.py", "test_accessibility.py", "test_build_cache.py",
                 "test_browser.py", "test_notebooks_travel.py", "test_search.py", "test_frames.py",
                 "test_fonts.py", "test_layers.py")


def pytest_collection_modifyitems(config, items):
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file keeps its order


NO_BROWSER = "no browser (how to install one: at the end of the run)"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After pytest's own summary (and its short summary of skips): one line if the browser tests
    were skipped for want of a browser, just above the closing count. The skips are read from the
    reports, so the line comes also when pytest-xdist's workers ran the tests."""
    result = yield
    skipped = terminalreporter.stats.get("skipped", [])
    if any(NO_BROWSER in str(getattr(report, "longrepr", "")) for report in skipped):
        terminalreporter.write_sep("=", "browser tests skipped", yellow=True)
        terminalreporter.write_line(browser_missing_message(), yellow=True, bold=True)
    return result


# --- The built site served over HTTP, and the browser (shared by test_browser.py and test_search.py:
# one Playwright per session) ---------------------------------------------------------------------

def repository() -> str:
    """``extra.repository`` of mkdocs.yml (the one place the site's address comes from)."""
    import yaml

    class _Loader(yaml.SafeLoader):  # mkdocs.yml may hold !!python/name tags: ignore them
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)["extra"]["repository"]


def pages_base() -> str:
    """The path GitHub Pages serves the site under ("/cnn-blog/"), from sitebuild.site_url."""
    from urllib.parse import urlsplit

    from sitebuild.site_url import pages_url

    return urlsplit(pages_url(repository())).path


@pytest.fixture(scope="session")
def server(site):
    """The built site over HTTP under the path GitHub Pages gives it ("http://127.0.0.1:PORT/cnn-blog/"),
    so a link or asset that only works at the host's root fails here too."""
    base = pages_base()
    handler = functools.partial(_PagesHandler, base, directory=str(site))
    httpd = _PagesServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{base}"
    httpd.shutdown()


class _PagesServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):  # a page left mid-file
            super().handle_error(request, client_address)


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``base`` only; anything outside it is a 404, as on GitHub Pages."""

    def __init__(self, base, *args, **kwargs):
        self.base = base
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        if not path.startswith(self.base) and path + "/" != self.base:
            return str(Path(self.directory) / ".not-under-the-pages-path")
        return super().translate_path("/" + path[len(self.base):])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser(request):
    """Chromium, launched once. With none installed the tests that use it are skipped (failed under
    CI=true) before the site is built: see ``conftest.require_chromium``."""
    chromium = require_chromium(request.config)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, server):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    yield ctx
    ctx.close()
