"""Relative language-switcher links, so the site works under any base URL (GitHub Pages serves it
under ``/<repository>/``, a local server at ``/``).

i18n leaves the home page's links absolute ("/", "/en/"); Material passes links through its ``url``
filter, which turns a site-relative link ("en/") into one relative to the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def relative_link(link: str, site_url: str | None) -> str:
    """``link`` made site-relative: "/" -> ".", "/en/" -> "en/", "/<base>/en/" -> "en/" under a
    ``site_url`` of "https://host/<base>/"; other links (relative ones, "//host/...") are returned as they are."""
    base = urlsplit(site_url or "").path.rstrip("/")
    if link.startswith("/") and not link.startswith("//"):
        if base and link.startswith(base + "/"):
            link = link[len(base):]
        return link.lstrip("/") or "."
    return link


def make_relative(config) -> None:
    """Rewrite, in place, the links of the alternates i18n filled for the page being rendered."""
    # i18n sets the attribute (config.extra.alternate), which is what the template reads.
    for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate", []):
        link = alternate.get("link", "")
        if link.startswith("/") and not link.startswith("//"):
            alternate["link"] = relative_link(link, config.site_url)
