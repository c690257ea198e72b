"""One search index per language, so an English query on the English site lists English pages only.

i18n merges every language into one index at the root (``search/search_index.json``).
``split_by_language`` (``on_post_build``) writes ``<lang>/search/search_index.json`` for each other
language and leaves the default language's pages in the root index; ``rebase_search``
(``on_post_page``) makes a page of another language load its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

_CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def i18n_languages(config) -> tuple[str, list[str]]:
    """The default language and the other built languages; ``("", [])`` without i18n."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "", []
    return i18n.default_language, [lang for lang in i18n.build_languages if lang != i18n.default_language]


def rebase_search(output: str, dest_path: str, others) -> str:
    """Pages of a non-default language search from their own root (``en/``): Material's search
    worker loads ``<base>/search/search_index.json`` and resolves result links against ``base``."""
    lang = next((lang for lang in others if dest_path.startswith(f"{lang}/")), None)
    if lang is None:
        return output

    def rebase(match):
        app = json.loads(match.group(2))
        base = PurePosixPath(app["base"])  # "../.." on en/03-relu/, ".." on en/
        if base.name == "..":
            app["base"] = base.parent.as_posix()  # one level less: the language's own root
        return match.group(1) + json.dumps(app, ensure_ascii=False) + match.group(3)

    return _CONFIG_RE.sub(rebase, output, count=1)


def split_by_language(site_dir: Path, default: str, others) -> bool:
    """Split ``site_dir``'s merged index into one per language, without notebook pages.

    False, writing nothing, where there is nothing to split: no other language, or no index."""
    index_path = Path(site_dir) / "search" / "search_index.json"
    if not others or not index_path.is_file():
        return False
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if not _is_notebook(d["location"], others)]
    for lang in others:
        prefix = f"{lang}/"
        own = [dict(d, location=d["location"][len(prefix):]) for d in docs if d["location"].startswith(prefix)]
        out = Path(site_dir) / lang / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_index(out, index, own, lang)
    rest = [d for d in docs if not d["location"].startswith(tuple(f"{lang}/" for lang in others))]
    _write_index(index_path, index, rest, default)
    return True


def _is_notebook(location: str, others) -> bool:
    """A part's notebook page repeats its page; listed too, it pushed the page down the results."""
    for lang in others:
        location = location[len(lang) + 1:] if location.startswith(f"{lang}/") else location
    return location.startswith("notebooks/")


def _write_index(path: Path, index: dict, docs: list, lang: str) -> None:
    """One language per index: with ``lang: [ja, en]`` lunr's multi-language pipeline made English
    words like "pooling" unfindable on the English site. English words on Japanese pages stay
    findable: the pipeline (mkdocs.yml) has no stemmer, and Material matches query words by prefix."""
    config = dict(index["config"], lang=[lang])
    path.write_text(json.dumps(dict(index, config=config, docs=docs), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
