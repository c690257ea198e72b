"""sitebuild.values: ``{{ folder/snippet:name }}`` placeholders replaced by the values snippets exported."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from sitebuild.values import Values, substitute_values

VALUES = {"06_x/counts": {"n": "17,334,784", "about": {"ja": "1,733 万", "en": "17.3 million"}, "k": 3}}


def test_values_are_substituted_in_the_page_language_and_a_wrong_name_stops_the_build():
    text = "{{ 06_x/counts:n }} ({{06_x/counts:about}})"
    assert substitute_values(text, VALUES, "ja", "p.md") == "17,334,784 (1,733 万)"
    assert substitute_values(text, VALUES, "en", "p.md") == "17,334,784 (17.3 million)"
    with pytest.raises(PluginError, match=r"p\.md: \{\{ 06_x/counts:m \}\} names no value"):
        substitute_values("{{ 06_x/counts:m }}", VALUES, "ja", "p.md")
    with pytest.raises(PluginError, match="no wording for language 'fr'"):
        substitute_values(text, VALUES, "fr", "p.md")


def test_an_unknown_snippet_and_a_page_without_a_language_stop_the_build_too():
    with pytest.raises(PluginError, match=r"^a/b\.md: \{\{ 06_x/other:n \}\} names no value exported by a snippet$"):
        substitute_values("{{ 06_x/other:n }}", VALUES, "ja", "a/b.md")
    with pytest.raises(PluginError, match=r"about \}\} has no wording for language None"):
        substitute_values("{{ 06_x/counts:about }}", VALUES, None, "p.md")
    assert substitute_values("{{ 06_x/counts:n }}", VALUES, None, "p.md") == "17,334,784"


def test_non_string_values_are_written_as_text_and_other_braces_are_left_alone():
    assert substitute_values("k = {{  06_x/counts:k  }}.", VALUES, "en", "p.md") == "k = 3."
    # not placeholders: no colon, a name that is not a word, Jinja-like text in prose
    for text in ("{{ 06_x/counts }}", "{{ 06_x/counts:n-1 }}", "{ 06_x/counts:n }", "{{ x | y }}"):
        assert substitute_values(text, VALUES, "en", "p.md") == text


def test_the_store_serves_the_values_of_the_last_build_only():
    store = Values()
    with pytest.raises(PluginError, match="names no value"):
        store.substitute("{{ 06_x/counts:n }}", "ja", "p.md")
    exported = dict(VALUES)
    store.replace(exported)
    exported.clear()  # the store keeps its own copy
    assert store.substitute("{{ 06_x/counts:about }}", "en", "p.md") == "17.3 million"
    store.replace({"07_y/z": {"n": "1"}})
    assert store.substitute("{{ 07_y/z:n }}", "en", "p.md") == "1"
    with pytest.raises(PluginError, match=r"06_x/counts:n \}\} names no value"):
        store.substitute("{{ 06_x/counts:n }}", "en", "p.md")
    store.clear()
    with pytest.raises(PluginError, match=r"07_y/z:n \}\} names no value"):
        store.substitute("{{ 07_y/z:n }}", "en", "p.md")
    assert Values(VALUES).substitute("no placeholder", "ja", "p.md") == "no placeholder"
