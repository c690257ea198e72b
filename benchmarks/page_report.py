"""Each page's weight and load time in Chromium, for the closing notes of the site work.

Run by hand against a built site (not a test: timings change from run to run):

    .venv/bin/python -m mkdocs build --strict
    .venv/bin/python benchmarks/page_report.py site > benchmarks/results/page_report.md

Weight: the page's HTML plus its own images (sitebuild/page_weight.py, the measure the page-weight
test asserts). Load time: Chromium (Debian's, through Playwright) loads the page from a local HTTP
server with an empty cache, once at full speed and once on an emulated slow link (1.6 Mbit/s down,
150 ms round trip: DevTools' "Fast 3G"), and the time from navigation start to the load event is kept.
Shared assets (theme CSS and JavaScript) are fetched too, so the first page of each run is not special:
the cache is disabled for every load."""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sitebuild.page_weight import page_weight, pages  # noqa: E402

SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # Chromium drops connections it no longer needs (BrokenPipeError): not the page's fault


def load_ms(page, cdp, url: str, link: dict | None) -> float:
    cdp.send("Network.emulateNetworkConditions", link or {"offline": False, "latency": 0,
                                                          "downloadThroughput": -1, "uploadThroughput": -1})
    page.goto(url, wait_until="load")
    return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    site = args.site.resolve()
    httpd = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}/"

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        for path in pages(site):
            rel = path.parent.relative_to(site).as_posix()
            url = server + ("" if rel == "." else rel + "/")
            rows.append((rel if rel != "." else "(ja) index", page_weight(site, path),
                         load_ms(page, cdp, url, None), load_ms(page, cdp, url, SLOW_LINK)))
        browser.close()
    httpd.shutdown()

    print("| page | weight (KB) | load, local (ms) | load, slow link (ms) |\n|---|---:|---:|---:|")
    for rel, weight, fast, slow in rows:
        print(f"| {rel} | {weight / 1000:.0f} | {fast:.0f} | {slow:.0f} |")
    weights = [r[1] for r in rows]
    slowest = max(rows, key=lambda r: r[3])
    print(f"\n{len(rows)} pages; weight median {statistics.median(weights) / 1000:.0f} KB, "
          f"max {max(weights) / 1000:.0f} KB ({max(rows, key=lambda r: r[1])[0]}); "
          f"slowest on the slow link: {slowest[0]} ({slowest[3]:.0f} ms; {slowest[2]:.0f} ms local)")


if __name__ == "__main__":
    main()
