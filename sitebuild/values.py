"""Numbers in the prose come from code: ``{{ folder/snippet:name }}`` becomes the value it names.

A snippet exports values by writing ``<snippet>.values.json``; ``sitebuild.runner.build_all``
collects them before the pages are read (``on_pre_build``) and each page's markdown has its
placeholders replaced (``on_page_markdown``). A placeholder that names no value stops the build,
so a page never shows a stale or made-up number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mkdocs.exceptions import PluginError

VALUE_RE = re.compile(r"\{\{\s*([\w./-]+):(\w+)\s*\}\}")


def substitute_values(markdown: str, values: Mapping[str, dict], lang: str | None, where: str) -> str:
    """Replace every ``{{ folder/snippet:name }}`` by the value the snippet exported.

    A value is a string, or one string per language (``{"ja": "1,733 万", "en": "17.3 million"}``)
    where a number reads differently in each language; the page's language picks it."""

    def substitute(match):
        source, name = match.group(1), match.group(2)
        if source not in values or name not in values[source]:
            raise PluginError(f"{where}: {{{{ {source}:{name} }}}} names no value exported by a snippet")
        value = values[source][name]
        if isinstance(value, dict):
            if lang not in value:
                raise PluginError(f"{where}: {{{{ {source}:{name} }}}} has no wording for language {lang!r}")
            value = value[lang]
        return str(value)

    return VALUE_RE.sub(substitute, markdown)


class Values:
    """The values of one build, by snippet: ``"03_relu/relu_feature_map" -> {"negative_percent": "49.8%"}``.

    Filled once per build (``replace``) and read by every page (``substitute``); ``clear`` empties it
    before the snippets run, so a build whose snippets fail keeps nothing from the previous one."""

    def __init__(self, values: Mapping[str, dict] | None = None):
        self._by_snippet: dict[str, dict] = dict(values or {})

    def clear(self) -> None:
        self._by_snippet = {}

    def replace(self, values: Mapping[str, dict]) -> None:
        self._by_snippet = dict(values)

    def substitute(self, markdown: str, lang: str | None, where: str) -> str:
        """``markdown`` with every placeholder replaced; ``where`` (the page) names it in errors."""
        return substitute_values(markdown, self._by_snippet, lang, where)
