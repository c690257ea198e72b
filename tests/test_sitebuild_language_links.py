"""sitebuild.language_links: the language switcher's links are made relative to the site."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sitebuild.language_links import make_relative, relative_link


@pytest.mark.parametrize(("link", "site_url", "expected"), [
    ("/", None, "."),
    ("/en/", None, "en/"),
    ("/en/03-relu/", "", "en/03-relu/"),
    ("/cnn-blog/en/", "https://example.github.io/cnn-blog/", "en/"),
    ("/cnn-blog/", "https://example.github.io/cnn-blog", "."),
    ("/cnn-blog-old/en/", "https://example.github.io/cnn-blog/", "cnn-blog-old/en/"),  # not under the base
    ("/en/", "https://example.github.io/cnn-blog/", "en/"),
    ("en/", "https://example.github.io/cnn-blog/", "en/"),  # relative already
    ("//cdn.example/en/", None, "//cdn.example/en/"),  # another host
    ("https://example.org/", None, "https://example.org/"),
    ("", None, ""),
])
def test_relative_link(link, site_url, expected):
    assert relative_link(link, site_url) == expected


class Extra(dict):
    """MkDocs' ``config.extra``: a dict that i18n also gives attributes."""


def test_the_alternates_i18n_set_as_an_attribute_are_rewritten_in_place():
    extra = Extra(alternate=[{"link": "/stale/"}])
    extra.alternate = [{"name": "日本語", "link": "/", "lang": "ja"}, {"name": "English", "link": "/en/", "lang": "en"},
                       {"name": "no link"}, {"link": "../03-relu/"}]
    make_relative(SimpleNamespace(extra=extra, site_url=None))
    assert extra.alternate == [{"name": "日本語", "link": ".", "lang": "ja"}, {"name": "English", "link": "en/", "lang": "en"},
                               {"name": "no link"}, {"link": "../03-relu/"}]
    assert extra["alternate"] == [{"link": "/stale/"}], "the attribute is what the template reads"


def test_the_alternates_in_the_dict_are_used_without_the_attribute_and_none_is_fine():
    extra = Extra(alternate=[{"link": "/site/en/"}])
    make_relative(SimpleNamespace(extra=extra, site_url="https://host/site/"))
    assert extra["alternate"] == [{"link": "en/"}]
    make_relative(SimpleNamespace(extra=Extra(), site_url=None))  # no i18n: nothing to do
