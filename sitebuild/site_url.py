"""The site's public address, derived in one place from ``extra.repository`` in mkdocs.yml.

GitHub Pages serves a project repository ``https://github.com/OWNER/REPO`` at
``https://OWNER.github.io/REPO/`` (a repository named ``OWNER.github.io`` at the root of that host).
MkDocs needs the address (``site_url``) to write absolute URLs into ``sitemap.xml``, the canonical
link of each page and mkdocs-static-i18n's hreflang alternates; without it they read ``None01-data/``.
``mkdocs serve`` sets its own ``site_url`` (the local address) before the hooks run, and it is kept.

The hreflang links in each page's head stay relative (``sitebuild.language_links``): Material's
language switcher fetches the sitemap of each alternate, and an absolute link would send a reader
of a local copy to the public site. The sitemap holds the absolute pairs search engines read.
"""

from __future__ import annotations

import re

_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")


def pages_url(repository: str) -> str:
    """``https://github.com/cnn-blog/cnn-blog`` -> ``https://cnn-blog.github.io/cnn-blog/``."""
    match = _GITHUB.match(repository or "")
    if not match:
        raise ValueError(f"extra.repository must be https://github.com/OWNER/REPO, not {repository!r}")
    owner, repo = match.groups()
    host = f"https://{owner.lower()}.github.io/"
    return host if repo.lower() == f"{owner.lower()}.github.io" else f"{host}{repo}/"


def set_from_repository(config) -> None:
    """Give ``config.site_url`` the Pages address unless something (``mkdocs serve``) set one; a site
    with no ``extra.repository`` (a test's fixture project) is left as it is."""
    repository = config.extra.get("repository")
    if not config.site_url and repository:
        config.site_url = pages_url(repository)
