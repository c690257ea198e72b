"""Interactive figures: ``{{ frames 02_conv2d/02-conv2d-conv-frames }}`` becomes a figure with sliders.

A snippet computes every frame of a figure at build time and writes, next to the frames' images, one
frame table per language, ``<name>.<lang>.frames.json`` (see ``cnn_blog.demos.frames.frame_table``):
the controls (label, values, the text shown for each value) and, for every combination of values,
the image, its alt text and the line of text under it. A page names the figure on a line of its
own; ``substitute`` (``on_page_markdown``) replaces the line with the figure's HTML:

- the first frame's ``<img>`` with its alt text (all a reader without JavaScript gets, and what
  print shows), and the text line under it in a ``<figcaption>`` (``aria-live="polite"``);
- one ``<input type="range">`` per control with a ``<label>`` in the page's language and an
  ``<output>`` showing the current value, or a button for a control the table says a button cycles
  (Dropout's "new mask"); the controls are ``hidden`` until ``docs/javascripts/frames.js`` runs;
- ``data-search-exclude``: the search index keeps the page's prose, not the figure's frame texts;
- the frame table as ``<script type="application/json">``: frames.js only looks a frame up. The
  table names images by file name; the script resolves them against the ``<img>``'s own URL, so the
  figure keeps working where a page's images are rebased (the side-by-side view).

A name with no frame table, a table that is not whole, or a frame image missing from the snippet's
output stops the build with the page and the name.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import struct
from itertools import product
from pathlib import Path

from mkdocs.exceptions import PluginError

FRAMES_RE = re.compile(r"^[ \t]*\{\{\s*frames\s+([^\s{}]+)\s*\}\}[ \t]*$", re.M)
SUFFIX = ".frames.json"


def _png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path.name} is not a PNG file")
    return struct.unpack(">II", head[16:24])


def load_table(generated: Path, ref: str, lang: str, where: str) -> dict:
    """The frame table ``ref`` ("02_conv2d/02-conv2d-conv-frames") in ``lang``, checked whole."""
    folder, _, name = ref.rpartition("/")
    path = generated / folder / f"{name}.{lang}{SUFFIX}"
    if not folder or not path.is_file():
        known = sorted(p.relative_to(generated).as_posix()[: -len(f".{lang}{SUFFIX}")]
                       for p in generated.glob(f"*/*.{lang}{SUFFIX}"))
        raise PluginError(f"{where}: {{{{ frames {ref} }}}} names no frame table (no {path.name} written by a "
                          f"snippet of {folder or '?'}); frame tables in this build: {', '.join(known) or 'none'}")
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
        controls, frames = table["controls"], table["frames"]
        for c in controls:
            c["name"], c["label"], c["keys"], c["texts"]  # noqa: B018 - every control has them
            if len(c["keys"]) != len(c["texts"]) or not c["keys"]:
                raise ValueError(f"control {c['name']!r}: one text per key, at least one key")
        wanted = {"|".join(combo) for combo in product(*(c["keys"] for c in controls))}
        if set(frames) != wanted:
            raise ValueError(f"frames missing: {sorted(wanted - set(frames))[:3]}, extra: {sorted(set(frames) - wanted)[:3]}")
        if any(not (isinstance(f.get(k), str) and f[k]) for f in frames.values() for k in ("src", "alt", "text")):
            raise ValueError("every frame needs a src, an alt text and a text line")
        button = table.get("button")
        if button is not None and button.get("control") not in [c["name"] for c in controls]:
            raise ValueError(f"the button cycles {button.get('control')!r}, which is no control")
    except (KeyError, TypeError, ValueError) as exc:
        raise PluginError(f"{where}: frame table {path.name} is not whole: {exc}") from None
    return table


def _image_file(generated: Path, folder: str, src: str, lang: str) -> tuple[Path, bool]:
    """The snippet's output file an image name refers to, and whether it is the language's own
    (``x.png`` -> ``x.<lang>.png``, as mkdocs-static-i18n serves figures) or shared by both."""
    stem, ext = posixpath.splitext(src)
    own = generated / folder / f"{stem}.{lang}{ext}"
    if own.is_file():
        return own, True
    return generated / folder / src, False


def render(table: dict, ref: str, lang: str, default_lang: str, page_dest: str, generated: Path, where: str) -> str:
    """The figure's HTML for a page built at ``page_dest`` ("en/02-conv2d/index.html")."""
    folder, _, name = ref.rpartition("/")
    kinds = set()
    for key, frame in table["frames"].items():
        if "/" in frame["src"] or frame["src"].startswith("."):
            raise PluginError(f"{where}: frame table {name}: frame {key!r} names {frame['src']!r}; "
                              f"frames are files beside the table")
        path, own = _image_file(generated, folder, frame["src"], lang)
        if not path.is_file():
            raise PluginError(f"{where}: frame table {name}: frame {key!r} shows {frame['src']}, which the "
                              f"snippet did not write")
        kinds.add(own)
    if len(kinds) != 1:  # the script resolves every frame against the first one's folder
        raise PluginError(f"{where}: frame table {name} mixes per-language and shared images")
    own = kinds.pop()
    site_folder = ("" if (lang == default_lang or not own) else f"{lang}/") + f"generated/{folder}"
    first_key = "|".join(c["keys"][c.get("initial", 0)] for c in table["controls"])
    first = table["frames"][first_key]
    src = posixpath.relpath(f"{site_folder}/{first['src']}", posixpath.dirname(page_dest) or ".")
    width, height = _png_size(_image_file(generated, folder, first["src"], lang)[0])
    slug = re.sub(r"[^\w-]", "-", f"{name}-{lang}")  # both languages meet in the side-by-side view
    pixelated = " cnn-frames__img--pixelated" if table.get("pixelated") else ""
    button = table.get("button") or {}

    controls = []
    for c in table["controls"]:
        cid = f"{slug}-{c['name']}"
        i = c.get("initial", 0)
        if c["name"] == button.get("control"):
            controls.append(
                f'<div class="cnn-frames__control cnn-frames__control--button">'
                f'<span class="cnn-frames__label" id="{cid}-label">{html.escape(c["label"])}</span>'
                f'<output class="cnn-frames__value" id="{cid}-value" aria-labelledby="{cid}-label">{html.escape(c["texts"][i])}</output>'
                f'<button type="button" class="md-button cnn-frames__button" data-control="{html.escape(c["name"])}" '
                f'data-index="{i}" aria-describedby="{cid}-value">{html.escape(button["label"])}</button></div>')
        else:
            controls.append(
                f'<div class="cnn-frames__control">'
                f'<label class="cnn-frames__label" for="{cid}">{html.escape(c["label"])}</label>'
                f'<input type="range" id="{cid}" class="cnn-frames__range" min="0" max="{len(c["keys"]) - 1}" step="1" '
                f'value="{i}" data-control="{html.escape(c["name"])}" aria-valuetext="{html.escape(c["texts"][i])}">'
                f'<output class="cnn-frames__value" id="{cid}-value" for="{cid}">{html.escape(c["texts"][i])}</output></div>')
    data = json.dumps({"controls": [{k: c[k] for k in ("name", "keys", "texts")} for c in table["controls"]],
                       "frames": table["frames"]}, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")  # never closes the script element early
    return (
        f'<figure class="cnn-frames" id="{slug}" data-frames="{html.escape(name)}" data-search-exclude>'
        f'<img class="cnn-frames__img{pixelated}" src="{html.escape(src)}" alt="{html.escape(first["alt"])}" '
        f'width="{width}" height="{height}" decoding="async">'
        f'<figcaption class="cnn-frames__text" aria-live="polite">{html.escape(first["text"])}</figcaption>'
        f'<div class="cnn-frames__controls" hidden>{"".join(controls)}</div>'
        f'<script type="application/json" class="cnn-frames__table">{data}</script>'
        f"</figure>"
    )


def substitute(markdown: str, lang: str | None, default_lang: str | None, page_dest: str, generated: Path,
               where: str) -> str:
    """``markdown`` with every ``{{ frames folder/name }}`` line replaced by its figure's HTML."""
    lang = lang or default_lang or "ja"
    default_lang = default_lang or lang

    def figure(match):
        ref = match.group(1)
        table = load_table(generated, ref, lang, where)
        return "\n" + render(table, ref, lang, default_lang, page_dest, generated, where) + "\n"

    return FRAMES_RE.sub(figure, markdown)
