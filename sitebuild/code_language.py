"""The code in the reader's language: Japanese comments, docstrings and printed labels from one source.

A snippet, a module of the package and a notebook's code cells are written once, in English. What a
Japanese reader sees is the same code with its comments, docstrings and printed labels replaced from a
*catalogue* (``code.ja.toml``): one entry per English text, ``en`` and ``ja``, the way gettext keeps a
program's messages beside it. Identifiers, numbers, the code itself and any library's own messages are
untouched, so both languages compute and print the same numbers.

- ``snippets/<part>/code.ja.toml`` holds the texts of that part's snippets and notebook;
  ``snippets/cnn_blog.code.ja.toml`` those of the package's modules the pages show. A text is looked up
  in all of them (one Japanese text per English text: two different ones are an error).
- ``translate(source)`` gives the Japanese file. Every comment, every docstring and every text a
  ``print`` shows directly must have an entry (``Untranslated`` names the missing ones); a string that
  does something (a dictionary key, a file name, an argument) is never replaced, and an f-string's
  replacement keeps exactly the same ``{fields}``.
- The build runs the Japanese file of every snippet (``sitebuild.runner``, its own cache key: the
  language is part of what a run depends on), shows it and its output on the Japanese page, and serves it
  for download; the lockstep check (``sitebuild.translations``) tracks every entry like a section.

Written here because gettext and Babel translate a program's runtime messages, not its source text
(comments and docstrings), and keep no link between a text and the token it replaces.
Standard library only, like ``sitebuild.translations``.
"""

from __future__ import annotations

import ast
import io
import json
import re
import string
import tokenize
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_NAME = "code.ja.toml"
PACKAGE_CATALOGUE = "snippets/cnn_blog.code.ja.toml"
# Comments that are instructions to tools, not text for the reader.
TOOL_COMMENT = re.compile(r"#\s*(--8<--|noqa|type:|pragma|fmt:|pylint|isort|ruff)")
LETTERS = re.compile(r"[A-Za-z]{2,}")
SHAPING = ("format", "rstrip", "strip", "ljust", "rjust", "center")  # "…".rstrip() shows the same text
NAMES_SUFFIXES = ("names", "titles")  # a dict or tuple so named holds what a table prints for each thing
STRING_PARTS = re.compile(r"(?s)^([rRbBuUfF]*)('''|\"\"\"|'|\")(.*)\2$")


class Untranslated(ValueError):
    """Texts of a source with no entry in the catalogue."""

    def __init__(self, where: str, texts: list[str]):
        self.where, self.texts = where, texts
        shown = "\n".join(f"  - {t!r}" for t in texts[:20])
        more = f"\n  … and {len(texts) - 20} more" if len(texts) > 20 else ""
        super().__init__(f"{where}: {len(texts)} text(s) with no Japanese in any {CATALOGUE_NAME}:\n{shown}{more}")


@dataclass(frozen=True)
class Text:
    kind: str  # "comment", "docstring" or "label"
    en: str  # the text as the catalogue keys it: a comment without "# ", a string's inside
    line: int


def catalogue_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "snippets").rglob(CATALOGUE_NAME)) + [p for p in [root / PACKAGE_CATALOGUE] if p.is_file()]


INCLUDE = re.compile(r'--8<-- "((?:snippets|cnn_blog)/[^":]+\.py)((?::[\w-]+)?)"')


def shown_modules(root: Path = ROOT) -> list[str]:
    """The package's modules the pages show a part of ("cnn_blog/layers.py", …)."""
    pages = [page.read_text(encoding="utf-8") for page in (root / "docs").glob("*.ja.md")]
    inline = {m.group(1) for text in pages for m in INCLUDE.finditer(text)}
    block = {m.group(3) for text in pages for line in text.splitlines() if (m := BLOCK_LINE.match(line))}
    return sorted(path for path in inline | block if path and path.startswith("cnn_blog/"))


JAPANESE_OUT = "docs/generated-ja"  # where the build writes the Japanese files and their outputs
PAGE_INCLUDE = re.compile(
    r'(--8<-- ")(?:snippets/([\w./-]+?\.py)|(cnn_blog/[\w./-]+?\.py)|([\w-]+/[\w.-]+?\.out\.txt))((?::[\w-]+)?")')


BLOCK_LINE = re.compile(r"^(\s*)(?:snippets/([\w./-]+?\.py)|(cnn_blog/[\w./-]+?\.py)|([\w-]+/[\w.-]+?\.out\.txt))((?::[\w-]+)?\s*)$")


def japanese_includes(markdown: str) -> str:
    """A Japanese page's includes pointed at the Japanese files: ``snippets/03_relu/x.py:part`` and
    ``cnn_blog/layers.py:relu`` at the translated sources, ``03_relu/x.out.txt`` at the Japanese run's
    output (written by ``sitebuild.runner`` in ``JAPANESE_OUT``)."""
    markdown = PAGE_INCLUDE.sub(lambda m: f"{m.group(1)}{JAPANESE_OUT}/{m.group(2) or m.group(3) or m.group(4)}{m.group(5)}",
                                markdown)
    lines, block = markdown.split("\n"), False
    for index, line in enumerate(lines):  # the block form: --8<-- / one file per line / --8<--
        if line.strip() == "--8<--":
            block = not block
        elif block and (m := BLOCK_LINE.match(line)):
            lines[index] = f"{m.group(1)}{JAPANESE_OUT}/{m.group(2) or m.group(3) or m.group(4)}{m.group(5)}"
    return "\n".join(lines)


def read_catalogue(path: Path) -> list[dict]:
    """The entries of one catalogue file, checked: each has ``en`` and ``ja`` strings."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("entry", [])
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry.get("en"), str) or not isinstance(entry.get("ja"), str) or not entry["ja"].strip():
            raise ValueError(f"{path}: entry {number} needs a non-empty en and ja text")
    return entries


def catalogue(root: Path = ROOT) -> dict[str, str]:
    """Every English text with its one Japanese text, from all the catalogue files."""
    found: dict[str, tuple[str, Path]] = {}
    for path in catalogue_files(root):
        for entry in read_catalogue(path):
            en, ja = entry["en"], entry["ja"]
            if en in found and found[en][0] != ja:
                raise ValueError(f"{en!r} has two Japanese texts: {found[en][0]!r} ({found[en][1]}) "
                                 f"and {ja!r} ({path}); keep one")
            _check_fields(en, ja, path)
            found[en] = (ja, path)
    return {en: ja for en, (ja, _) in found.items()}


def _string_field(expression: str) -> bool:
    """Whether a field's expression is one string literal (``'layer'`` in ``{'layer':<21}``)."""
    try:
        node = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        return False
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _fields(text: str) -> list[str]:
    """The ``{fields}`` of an f-string's text, in order; [] when it has none (or is not a format)."""
    try:  # a field that only holds a string ({'layer':<21}, a column's title) is text, not a number
        return sorted(f"{name}!{conv}:{spec}" for _, name, spec, conv in string.Formatter().parse(text)
                      if name is not None and not _string_field(name))
    except ValueError:
        return []


def _check_fields(en: str, ja: str, where: Path) -> None:
    if _fields(en) != _fields(ja):
        raise ValueError(f"{where}: the Japanese of {en!r} must keep the same {{fields}} "
                         f"(it has {_fields(ja)}, the English {_fields(en)}); both languages print the same numbers")


# ----------------------------------------------------------------------------- finding the texts
def _label_spans(tree: ast.AST) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the strings a ``print`` shows directly sit (start, end): its positional arguments, the
    parts of a ``+`` of them, and the receiver of ``"...".format(…)`` or ``"..." % …`` there. A span
    may hold several string tokens (``"one" "two"``: Python joins them). A string the code also uses
    (a loop over ``("valid", "same")`` that prints and passes them) is not a label: it stays."""
    found = []

    def take(node):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and (isinstance(node, ast.JoinedStr) or isinstance(node.value, str)):
            found.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)))
        elif isinstance(node, ast.BinOp):
            take(node.left)
            if isinstance(node.op, ast.Add):
                take(node.right)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SHAPING:
            take(node.func.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
            for arg in node.args:  # "\n".join(f"..." for …)
                take(arg.elt if isinstance(arg, (ast.GeneratorExp, ast.ListComp)) else arg)
        elif isinstance(node, ast.IfExp):
            take(node.body)
            take(node.orelse)

    def take_phrases(nodes):  # only strings with a space and two words: "same" or "cats" do something
        for item in nodes:
            words = _literal_text(item) if isinstance(item, (ast.Constant, ast.JoinedStr)) else ""
            if " " in words and len(LETTERS.findall(words)) >= 2:
                take(item)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            for arg in node.args:
                take(arg)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append":
            for arg in node.args:  # lines.append(f"…"), printed later
                if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    take(arg)
        elif isinstance(node, ast.For) and isinstance(node.iter, (ast.Tuple, ast.List)):
            # the names a loop prints: for name, x in (("before training", a), ("after training", b))
            for element in node.iter.elts:
                take_phrases(element.elts if isinstance(element, (ast.Tuple, ast.List)) else [element])
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id.endswith(NAMES_SUFFIXES) and isinstance(node.value, (ast.Dict, ast.Tuple, ast.List))):
            # names = {"ours": "cnn_blog Adam", …}: what a printed table calls each thing
            take_phrases(node.value.values if isinstance(node.value, ast.Dict) else node.value.elts)
    return found


def _literal_text(node) -> str:
    """A string node's words outside its fields."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))


def _docstring_positions(tree: ast.AST) -> set[tuple[int, int]]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add((first.value.lineno, first.value.col_offset))
    return found


def _string_inside(token: str) -> tuple[str, str, str] | None:
    match = STRING_PARTS.match(token)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def _comment_text(token: str) -> str:
    return token[1:].strip()


def _python_view(source: str) -> str:
    """``source`` with a notebook's shell and magic lines (``!pip …``, ``%matplotlib …``) as ``pass``:
    the other lines, and where their tokens sit, are unchanged."""
    return "".join("pass\n" if line.lstrip().startswith(("%", "!")) else line
                   for line in source.splitlines(keepends=True))


def _tokens(source: str):
    return list(tokenize.generate_tokens(io.StringIO(_python_view(source)).readline))


def _strings_shown(source: str, tokens, labels: bool) -> tuple[set, set]:
    """(docstring starts, printed-label starts) of ``source``: the only strings ever replaced (a
    dictionary key or an argument with a label's text stays as it is)."""
    tree = ast.parse(_python_view(source))
    spans, docstrings = _label_spans(tree) if labels else [], _docstring_positions(tree)
    return docstrings, {tok.start for tok in tokens if tok.type == tokenize.STRING
                        and any(a <= tok.start < b for a, b in spans)}


def texts(source: str, labels: bool = True) -> list[Text]:
    """The texts of ``source`` a Japanese reader must see in Japanese, in order; without the printed
    labels when ``labels`` is False (a module of the package: see ``is_package``)."""
    tokens = _tokens(source)
    docstrings, shown = _strings_shown(source, tokens, labels)
    found = []
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            text = _comment_text(tok.string)
            if LETTERS.search(text) and not TOOL_COMMENT.match(tok.string) and not tok.string.startswith("#!"):
                found.append(Text("comment", text, tok.start[0]))
        elif tok.type == tokenize.STRING and (tok.start in docstrings or tok.start in shown):
            parts = _string_inside(tok.string)
            outside = (re.sub(r"\{([^{}:!]*)[^{}]*\}", lambda m: m.group(0) if _string_field(m.group(1)) else "", parts[2])
                       if parts and "f" in parts[0].lower() else parts and parts[2])
            if parts and LETTERS.search(outside) and "b" not in parts[0].lower():
                found.append(Text("docstring" if tok.start in docstrings else "label", parts[2], tok.start[0]))
    return found


# ----------------------------------------------------------------------------- translating
def is_package(where: str) -> bool:
    """A module of the package: its comments and docstrings are shown in Japanese, its printed labels
    stay English. The package runs as installed, in English, so what it prints on a Japanese page
    (the series' "Test Loss", the command line's messages) is a library's own output, like Keras's;
    a Japanese label in its listing would show a line that no run prints."""
    return where.startswith("cnn_blog/")


def translate(source: str, where: str, table: dict[str, str] | None = None) -> str:
    """``source`` with its comments, docstrings and printed labels in Japanese.

    Raises ``Untranslated`` (a ValueError) naming every text with no entry. Only comments, docstrings
    and the strings a ``print`` shows change (a key or an argument with a label's text stays); nothing
    else changes, not a space of the code."""
    table = catalogue() if table is None else table
    found = texts(source, labels=not is_package(where))
    missing = [t.en for t in found if t.en not in table]
    if missing:
        raise Untranslated(where, list(dict.fromkeys(missing)))
    tokens = _tokens(source)
    docstrings, shown = _strings_shown(source, tokens, labels=not is_package(where))
    lines = source.splitlines(keepends=True)
    edits = []  # (start, end, new text), in source order
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            text = _comment_text(tok.string)
            if text in table and not TOOL_COMMENT.match(tok.string):
                prefix = tok.string[: tok.string.index(text)]  # "# ", or "#" before a "#: doc comment"
                edits.append((tok.start, tok.end, prefix + table[text]))
        elif tok.type == tokenize.STRING and (tok.start in docstrings or tok.start in shown):
            parts = _string_inside(tok.string)
            if parts and parts[2] in table and "b" not in parts[0].lower():
                prefix, quote, _ = parts
                new = table[parts[2]]
                if quote in new or (len(quote) == 1 and "\n" in new):
                    raise ValueError(f"{where}: the Japanese of {parts[2]!r} cannot sit inside {quote}: {new!r}")
                edits.append((tok.start, tok.end, f"{prefix}{quote}{new}{quote}"))
    for (srow, scol), (erow, ecol), new in reversed(edits):
        head = lines[srow - 1][:scol]
        tail = lines[erow - 1][ecol:]
        lines[srow - 1 : erow] = [head + new + tail]
    out = "".join(lines)
    ast.parse(_python_view(out))  # still Python
    return out


def translate_file(path: Path, root: Path = ROOT, table: dict[str, str] | None = None) -> str:
    return translate(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix(), table)


def translate_notebook(notebook: dict, where: str, table: dict[str, str] | None = None) -> dict:
    """A notebook (its JSON as a dict) with every code cell translated; outputs untouched."""
    table = catalogue() if table is None else table
    out = json.loads(json.dumps(notebook))
    for index, cell in enumerate(out["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = translate(source, f"{where} cell {index}", table)
        cell["source"] = new.splitlines(keepends=True)
    return out


def japanese_code_cell(en_source: str, where: str, table: dict[str, str] | None = None) -> str:
    """A Japanese notebook's code cell: the English cell translated, its ``LANG`` set to "ja"."""
    return translate(en_source, where, table).replace('LANG = "en"', 'LANG = "ja"', 1)


def write_japanese_notebooks(root: Path = ROOT) -> list[str]:
    """Give every Japanese notebook the code of its English twin, translated (its Markdown cells are
    its own); returns the notebooks changed. The English notebook is the one source of the code."""
    table = catalogue(root)
    changed = []
    for en_path in sorted((root / "notebooks").glob("*.en.ipynb")):
        ja_path = en_path.with_name(en_path.name.replace(".en.ipynb", ".ja.ipynb"))
        en, ja = (json.loads(p.read_text(encoding="utf-8")) for p in (en_path, ja_path))
        if [c["cell_type"] for c in en["cells"]] != [c["cell_type"] for c in ja["cells"]]:
            raise ValueError(f"{ja_path.name} and {en_path.name} do not have the same cells")
        for index, (e, j) in enumerate(zip(en["cells"], ja["cells"])):
            if e["cell_type"] == "code":
                source = japanese_code_cell("".join(e["source"]), f"{en_path.name} cell {index}", table)
                j["source"] = source.splitlines(keepends=True)
        text = json.dumps(ja, ensure_ascii=False, indent=1) + "\n"
        if text != ja_path.read_text(encoding="utf-8"):
            ja_path.write_text(text, encoding="utf-8")
            changed.append(ja_path.relative_to(root).as_posix())
    return changed


# ----------------------------------------------------------------------------- catalogue stubs
def toml_string(text: str) -> str:
    """``text`` as a TOML string a translator can read: literal quotes when it allows them."""
    if "\n" in text:
        if "'''" not in text:
            return "'''\n" + text + "'''"
        return '"""\n' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'
    if "'" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)



# ----------------------------------------------------------------------------- command line
def check_file(path: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with one catalogue file, read alone: empty Japanese, changed {fields}, a quote that
    would end its Python string, an English text no source of the site has."""
    problems = []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    everywhere = {t.en: k for k, src in _all_sources(root) for t in texts(src, labels=not is_package(k))}
    quotes = _quotes_of_texts(root)
    for number, entry in enumerate(data.get("entry", []), 1):
        en, ja = entry.get("en", ""), entry.get("ja", "")
        if not ja.strip():
            problems.append(f"entry {number} {en[:60]!r}: no Japanese yet")
            continue
        if _fields(en) != _fields(ja):
            problems.append(f"entry {number} {en[:60]!r}: fields {_fields(ja)} differ from {_fields(en)}")
        for quote in quotes.get(en, ()):
            if quote in ja or (len(quote) == 1 and "\n" in ja):
                problems.append(f"entry {number} {en[:60]!r}: the Japanese holds {quote}, which ends its Python string")
        if en not in everywhere:
            problems.append(f"entry {number} {en[:60]!r}: no source has this comment, docstring or label (stale)")
    return problems


def _all_sources(root: Path = ROOT):
    for path in sorted((root / "snippets").rglob("*.py")):
        yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted((root / "cnn_blog").rglob("*.py")):
        yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted((root / "notebooks").glob("*.en.ipynb")):
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                yield f"{path.relative_to(root).as_posix()} cell {index}", "".join(cell["source"])


def _quotes_of_texts(root: Path = ROOT) -> dict[str, set[str]]:
    """Each string text's quote marks in the sources (a Japanese text must not contain them)."""
    found: dict[str, set[str]] = {}
    for _, src in _all_sources(root):
        try:
            toks = _tokens(src)
        except (tokenize.TokenError, SyntaxError):
            continue
        for tok in toks:
            if tok.type == tokenize.STRING and (parts := _string_inside(tok.string)):
                found.setdefault(parts[2], set()).add(parts[1])
    return found


def main(argv: list[str]) -> int:
    """``check FILE…``: problems of catalogue files; ``show SOURCE``: a source's Japanese version;
    ``notebooks``: rewrite the Japanese notebooks' code from the English ones."""
    if len(argv) >= 2 and argv[0] == "check":
        bad = 0
        for name in argv[1:]:
            for problem in check_file(Path(name).resolve()):
                print(f"{name}: {problem}")
                bad += 1
        print(f"{bad} problem(s)")
        return 1 if bad else 0
    if len(argv) == 2 and argv[0] == "show":
        table = {}
        for path in catalogue_files():
            table.update({e["en"]: e["ja"] for e in tomllib.loads(path.read_text(encoding="utf-8")).get("entry", [])
                          if e.get("ja", "").strip()})
        path = Path(argv[1]).resolve()
        try:
            if path.suffix == ".ipynb":
                nb = translate_notebook(json.loads(path.read_text(encoding="utf-8")), argv[1], table)
                print("\n# ----- cell -----\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"))
            else:
                print(translate_file(path, ROOT, table), end="")
        except (Untranslated, ValueError) as exc:
            print(exc)
            return 1
        return 0
    if argv == ["notebooks"]:
        for name in write_japanese_notebooks():
            print("rewrote", name)
        return 0
    print("usage: python3 -m sitebuild.code_language check FILE… | show SOURCE | notebooks")
    return 2


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
