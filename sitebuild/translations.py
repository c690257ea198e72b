"""The two languages in lockstep: a lock of every section pair, and what changed since it was stamped.

Every page exists as ``docs/<slug>.ja.md`` and ``docs/<slug>.en.md`` with the same ``##`` sections in
the same order (tests/test_alignment.py), and every notebook as ``notebooks/<name>.{ja,en}.ipynb`` with
the same cells. ``translations.lock.json`` records, per section pair (the text before the first ``##``
is the section ``intro``) and per Markdown cell pair of a notebook, a hash of each side's text as it
was when someone last read the two together, with the commit and the date of that moment. The code's
texts count too: each entry of a ``code.ja.toml`` catalogue (``sitebuild.code_language``) is a pair of
the unit ``code/<part>`` (``code/cnn_blog`` for the package), keyed by its English text. A side whose
text hashes differently now has changed since: the pair is *stale* until it is checked and stamped.

Whitespace does not count: the text is hashed with every run of whitespace removed, so rewrapping a
paragraph (or re-indenting a list) changes nothing, while any other edit to either side does.

Standard library only: ``python3 dev.py translations`` runs it before anything is installed.
No tool for MkDocs (mkdocs-static-i18n included) tracks translations per section, so it is written here.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import json
import os
import re
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sitebuild import code_language

ROOT = Path(__file__).resolve().parent.parent
LOCK_NAME = "translations.lock.json"
LANGS = ("ja", "en")
FENCE = re.compile(r"^\s*(```|~~~)")
ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Section:
    key: str  # stable name of the pair: the English heading's id, "intro", or "cell-N" in a notebook
    heading: str  # this side's heading ("" for the intro)
    text: str  # this side's text, heading included


@dataclass
class Stale:
    unit: str  # "03-relu" or "notebooks/03-relu"
    key: str
    headings: dict  # lang -> heading
    changed: list  # the langs whose text changed since the stamp; both when never stamped
    reason: str  # "changed" or "never stamped"
    diffs: dict  # lang -> unified diff since the stamp (or "")

    def message(self) -> str:
        where = f"{self.unit}#{self.key}"
        heads = " / ".join(f"{lang}: {self.headings.get(lang)}" for lang in LANGS)
        if self.reason == "never stamped":
            head = f"{where} [{heads}]: never checked together"
        else:
            head = f"{where} [{heads}]: {' and '.join(self.changed)} changed since the two were last checked together"
        body = "".join(f"\n{self.diffs[lang]}" for lang in self.changed if self.diffs.get(lang))
        return f"{head}{body}\n  when both say the same: python3 dev.py translations --stamp {where}"


def normalise(text: str) -> str:
    """The text as it counts: every run of whitespace removed (line wrapping, indentation, spaces)."""
    return re.sub(r"\s+", "", text)


def digest(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def heading_key(heading: str) -> str:
    """A section's stable name from its English heading: an explicit ``{#id}`` if given, else a slug."""
    explicit = ATTR_ID.search(heading)
    if explicit:
        return explicit.group(1)
    words = re.sub(r"[^0-9a-z]+", "-", heading.lower()).strip("-")
    return words or "section"


def markdown_sections(markdown: str) -> list[tuple[str, str]]:
    """[(heading, text)] split at every ``## `` heading outside code fences; the intro first."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    in_code = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_code = not in_code
        if not in_code and line.startswith("## "):
            parts.append((line[3:].strip(), []))
        parts[-1][1].append(line)
    title = next((line[2:].strip() for line in parts[0][1] if line.startswith("# ")), "")
    parts[0] = (f"{title} (intro)" if title else "(intro)", parts[0][1])
    return [(heading, "\n".join(lines)) for heading, lines in parts]


def _cells(notebook_text: str) -> list[tuple[str, str]]:
    cells = json.loads(notebook_text)["cells"]
    return [(c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in cells]


def units(root: Path = ROOT) -> dict[str, dict[str, Path]]:
    """Every page pair and notebook pair: ``{"03-relu": {"ja": path, "en": path}, "notebooks/03-relu": …}``."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted((root / "docs").glob("*.ja.md")):
        slug = path.name[: -len(".ja.md")]
        found[slug] = {lang: root / "docs" / f"{slug}.{lang}.md" for lang in LANGS}
    for path in sorted((root / "notebooks").glob("*.ja.ipynb")):
        name = path.name[: -len(".ja.ipynb")]
        found[f"notebooks/{name}"] = {lang: root / "notebooks" / f"{name}.{lang}.ipynb" for lang in LANGS}
    for path in code_language.catalogue_files(root):  # the code's texts: both sides in one file
        found[f"code/{code_catalogue_name(path)}"] = {lang: path for lang in LANGS}
    return found


def code_catalogue_name(path: Path) -> str:
    """"03_relu" for snippets/03_relu/code.ja.toml, "cnn_blog" for the package's catalogue."""
    return path.parent.name if path.name == code_language.CATALOGUE_NAME else path.name.split(".")[0]


def _code_sections(text: str) -> list[tuple[Section, Section]]:
    """One pair per catalogue entry, keyed by its English text: an English text that changes is a new
    entry (never checked), a Japanese text that changes alone is a changed pair."""
    pairs, seen = [], {}
    for entry in tomllib.loads(text).get("entry", []):
        en, ja = entry.get("en", ""), entry.get("ja", "")
        key = "text-" + hashlib.sha256(en.encode("utf-8")).hexdigest()[:10]
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        head = " ".join(en.split())[:60]
        pairs.append((Section(key, head, ja), Section(key, head, en)))
    return pairs


def sections_of(unit: str, texts: dict[str, str]) -> list[tuple[Section, Section]]:
    """The section pairs of one unit from its two texts, paired in order (the alignment test keeps
    the order equal). Raises ValueError when the two sides do not pair up."""
    if unit.startswith("code/"):
        return _code_sections(texts["ja"])
    if unit.startswith("notebooks/"):
        sides = {lang: _cells(texts[lang]) for lang in LANGS}
        if [t for t, _ in sides["ja"]] != [t for t, _ in sides["en"]]:
            raise ValueError(f"{unit}: the two notebooks do not have the same cells")
        pairs = []
        for index, ((kind, ja), (_, en)) in enumerate(zip(sides["ja"], sides["en"])):
            if kind == "markdown":
                first = {lang: (text.strip().splitlines() or [""])[0] for lang, text in (("ja", ja), ("en", en))}
                key = f"cell-{index}"
                pairs.append((Section(key, first["ja"], ja), Section(key, first["en"], en)))
        return pairs
    sides = {lang: markdown_sections(texts[lang]) for lang in LANGS}
    if len(sides["ja"]) != len(sides["en"]):
        raise ValueError(
            f"{unit}: {len(sides['ja'])} sections in Japanese but {len(sides['en'])} in English; "
            "the pages must have the same ## headings in the same order"
        )
    pairs, seen = [], {}
    for (ja_head, ja), (en_head, en) in zip(sides["ja"], sides["en"]):
        key = "intro" if en_head.endswith("(intro)") else heading_key(en_head)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        pairs.append((Section(key, ja_head, ja), Section(key, en_head, en)))
    return pairs


def current(root: Path = ROOT) -> dict[str, list[tuple[Section, Section]]]:
    return {
        unit: sections_of(unit, {lang: path.read_text(encoding="utf-8") for lang, path in paths.items()})
        for unit, paths in units(root).items()
    }


def read_lock(root: Path = ROOT) -> dict:
    path = root / LOCK_NAME
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))["units"]
    except (ValueError, KeyError) as exc:
        raise ValueError(f"{LOCK_NAME} cannot be read ({exc}); restore it from git") from exc


def write_lock(lock: dict, root: Path = ROOT) -> None:
    """Written to a temporary file and renamed over the old one: never left half-written."""
    text = json.dumps({"units": dict(sorted(lock.items()))}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(dir=root, prefix=f".{LOCK_NAME}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, root / LOCK_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout


def _stamped_text(root: Path, unit: str, lang: str, path: Path, key: str, want: str) -> tuple[str, str] | None:
    """The stamped text of one side, found in git: the newest committed version of the file whose
    section ``key`` hashes to ``want``. Returns (commit, text) or None when no commit has it."""
    rel = path.relative_to(root).as_posix()
    other = "en" if lang == "ja" else "ja"
    other_rel = rel.replace(f".{lang}.", f".{other}.")
    log = _git(root, "log", "--format=%H", "-n", "200", "--", rel) or ""
    for commit in log.split():
        texts = {lang: _git(root, "show", f"{commit}:{rel}"), other: _git(root, "show", f"{commit}:{other_rel}")}
        if texts[lang] is None:
            continue
        if texts[other] is None:
            texts[other] = texts[lang]
        try:
            pairs = sections_of(unit, texts)
        except (ValueError, KeyError):
            continue
        for ja, en in pairs:
            side = ja if lang == "ja" else en
            if side.key == key and digest(side.text) == want:
                return commit, side.text
    return None


def _diff(root: Path, unit: str, lang: str, path: Path, key: str, entry: dict, now: str) -> str:
    found = _stamped_text(root, unit, lang, path, key, entry.get(lang, ""))
    name = path.relative_to(root).as_posix()
    if found is None:
        return f"  ({name}: the stamped text is in no commit, so there is no diff to show)"
    commit, then = found
    lines = difflib.unified_diff(
        then.splitlines(), now.splitlines(), f"{name} @ {commit[:10]} (checked together)", f"{name} (now)", lineterm="", n=1
    )
    return "\n".join("  " + line for line in lines)


def stale(root: Path = ROOT, with_diffs: bool = True) -> list[Stale]:
    """Every section pair whose Japanese or English text changed since it was last stamped."""
    lock, found = read_lock(root), []
    paths = units(root)
    for unit, pairs in current(root).items():
        stamped = lock.get(unit, {})
        for ja, en in pairs:
            entry = stamped.get(ja.key)
            headings = {"ja": ja.heading, "en": en.heading}
            if entry is None:
                found.append(Stale(unit, ja.key, headings, list(LANGS), "never stamped", {}))
                continue
            sides = {"ja": ja, "en": en}
            changed = [lang for lang in LANGS if digest(sides[lang].text) != entry.get(lang)]
            if changed:
                diffs = {
                    lang: _diff(root, unit, lang, paths[unit][lang], ja.key, entry, sides[lang].text) if with_diffs else ""
                    for lang in changed
                }
                found.append(Stale(unit, ja.key, headings, changed, "changed", diffs))
    return found


def stamp(target: str | None, root: Path = ROOT, everything: bool = False, today: str | None = None) -> list[str]:
    """Record the current texts of ``PAGE`` or ``PAGE#SECTION`` (or, with ``everything``, of every
    pair: the first lock only) as checked together. Returns the ``unit#key`` names stamped."""
    lock = read_lock(root)
    if everything and lock:
        raise ValueError(
            f"{LOCK_NAME} exists: --stamp --all is for the first lock only; stamp each pair you checked "
            "with --stamp PAGE or --stamp PAGE#SECTION"
        )
    pairs = current(root)
    if everything:
        chosen = {unit: None for unit in pairs}
    else:
        if not target:
            raise ValueError("say what to stamp: --stamp PAGE, --stamp PAGE#SECTION or (first lock only) --stamp --all")
        unit, _, key = target.partition("#")
        unit = unit.removesuffix(".md").removesuffix(".ja").removesuffix(".en")
        if unit not in pairs:
            raise ValueError(f"no page or notebook pair named {unit!r}; names look like 03-relu, notebooks/03-relu "
                             "or code/03_relu (the Japanese of a part's code)")
        keys = [ja.key for ja, _ in pairs[unit]]
        if key and key not in keys:
            raise ValueError(f"{unit} has no section {key!r}; its sections: {', '.join(keys)}")
        chosen = {unit: key or None}
    commit = (_git(root, "rev-parse", "HEAD") or "").strip() or None
    today = today or _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    done = []
    for unit, key in chosen.items():
        entries = {k: v for k, v in lock.get(unit, {}).items() if key is not None}  # a whole page: start clean
        for ja, en in pairs[unit]:
            if key is None or ja.key == key:
                entries[ja.key] = {"ja": digest(ja.text), "en": digest(en.text), "commit": commit, "checked": today}
                done.append(f"{unit}#{ja.key}")
        live = {ja.key for ja, _ in pairs[unit]}
        lock[unit] = {k: v for k, v in entries.items() if k in live}
    write_lock(lock, root)
    return done


def checked_dates(unit: str, root: Path = ROOT) -> dict[str, str | None]:
    """For the side-by-side view: each section's date of its last check, None when stale or never."""
    paths = units(root).get(unit)
    if paths is None:
        return {}
    entries = read_lock(root).get(unit, {})
    pairs = sections_of(unit, {lang: p.read_text(encoding="utf-8") for lang, p in paths.items()})
    dates = {}
    for ja, en in pairs:
        entry = entries.get(ja.key)
        fresh = entry is not None and entry.get("ja") == digest(ja.text) and entry.get("en") == digest(en.text)
        dates[ja.key] = entry.get("checked") if fresh else None
    return dates


def main(argv: list[str], root: Path = ROOT) -> int:
    """``translations`` [--stamp PAGE[#SECTION] | --stamp --all]: exit 1 when any pair is stale."""
    try:
        if argv and argv[0] == "--stamp":
            rest = argv[1:]
            everything = rest == ["--all"]
            done = stamp(None if everything else (rest[0] if rest else None), root, everything=everything)
            print(f"stamped {len(done)} section pair(s) as checked together: " + ", ".join(done[:8])
                  + (" …" if len(done) > 8 else ""))
            return 0
        if argv:
            print("usage: python3 dev.py translations [--stamp PAGE[#SECTION] | --stamp --all]")
            return 2
        found = stale(root)
    except ValueError as exc:
        print(f"translations: {exc}")
        return 2
    if not found:
        print(f"translations: every section pair was checked together since its last change ({LOCK_NAME})")
        return 0
    for item in found:
        print(item.message())
    print(f"translations: {len(found)} section pair(s) to check: read both sides, bring them in line, then stamp")
    return 1
