"""Figures are drawn only with fonts that pinned packages ship, found by file.

Matplotlib's font list is cached outside the project (``$MPLCONFIGDIR/fontlist-v*.json``, else
``~/.cache/matplotlib``) and also holds whatever fonts the system has. A figure must not depend on
either: a cold cache, a warm one, a stale one (a font file that no longer exists, shipped fonts
missing) and an extra system font that claims a house family's name must all give the same bytes,
and nothing may print a ``findfont`` line or a warning (a notebook would show it to the reader).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import matplotlib_fontja
import pytest
from matplotlib import font_manager

from cnn_blog.figures import style

ROOT = Path(__file__).resolve().parent.parent
MPL_FONTS = Path(matplotlib.get_data_path(), "fonts", "ttf").resolve()
FONTJA_DIR = Path(matplotlib_fontja.__file__).resolve().parent

# Run by a plain interpreter in each font-cache case: a figure with the generic monospace family next
# to Japanese labels, in both languages. The figure with log-scale ticks (mathtext) and Japanese labels,
# snippets/11_adam/step_sizes.py, goes through the site build's runner in each case below.
SNIPPETS = ["snippets/06_flatten_dense/flatten_dense_figures.py"]
CASES = ["empty", "populated", "stale", "extra-system-font"]


def _shipped(path) -> bool:
    path = Path(path).resolve()
    return MPL_FONTS in path.parents or FONTJA_DIR in path.parents


# ----------------------------------------------------------------------------- unit


@pytest.mark.parametrize("lang", style.LANGS)
def test_house_style_resolves_every_family_to_a_shipped_file(lang):
    """Each family the house style names (text, the generic families, mathtext's fonts) is a file
    that Matplotlib or matplotlib-fontja ships, with no fallback to Matplotlib's default."""
    with style.house_style(lang):
        rc = matplotlib.rcParams.copy()
    assert rc["mathtext.fontset"] == "dejavusans"
    families = list(rc["font.family"])
    for generic in ("sans-serif", "serif", "monospace", "cursive", "fantasy"):
        families += rc[f"font.{generic}"]
    # The names mathtext's DejaVu Sans set asks for, with its STIX and Computer Modern fallbacks.
    from matplotlib import _mathtext

    math_names = [*_mathtext.DejaVuSansFonts._fontmap.values(), *_mathtext.StixSansFonts._fontmap.values(),
                  *_mathtext.BakomaFonts._fontmap.values()]
    queries = {name: font_manager.FontProperties(family=[name]) for name in [*families, "monospace", "sans-serif"]}
    queries.update((pattern, pattern) for pattern in math_names)  # fontconfig patterns: "STIXGeneral:italic"
    resolved = {}
    with style.house_style(lang):
        for name, query in queries.items():
            resolved[name] = font_manager.findfont(query, fallback_to_default=False)
        text = font_manager.findfont(font_manager.FontProperties(), fallback_to_default=False)
    others = {name: path for name, path in resolved.items() if not _shipped(path)}
    assert not others, f"families resolved outside the pinned packages: {others}"
    expected = "ipaexg.ttf" if lang == "ja" else "DejaVuSans.ttf"
    assert Path(text).name == expected


def test_shipped_fonts_win_over_a_same_named_font_found_first():
    """A font listed before ours under a house family's name (a system package's copy of it, an entry
    of a stale cache) does not take the house family over, and stays listed for a reader's figures."""
    fm = font_manager.fontManager
    impostor = font_manager.FontEntry(fname=str(MPL_FONTS / "DejaVuSerif.ttf"), name="IPAexGothic", style="normal",
                                      variant="normal", weight=400, stretch="normal", size="scalable")
    fm.ttflist.insert(0, impostor)
    font_manager.FontManager._findfont_cached.cache_clear()
    try:
        with style.house_style("ja"):
            path = font_manager.findfont("IPAexGothic", fallback_to_default=False)
        assert Path(path).resolve() == (FONTJA_DIR / "fonts" / "ipaexg.ttf").resolve()
        assert impostor in fm.ttflist
    finally:
        fm.ttflist.remove(impostor)
        font_manager.FontManager._findfont_cached.cache_clear()


def test_reader_rc_is_left_alone():
    """Importing the house style changes no rcParams a reader's own figures use: the baseline is
    Matplotlib alone, before anything of ours (matplotlib-fontja, which the style imports, sets the
    global default family when it is imported)."""
    code = ("import matplotlib as mpl; before = dict(mpl.rcParams); "
            "import cnn_blog.figures.style; "
            "print(sorted(k for k in before if before[k] != mpl.rcParams[k]))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# ----------------------------------------------------------------------------- end to end


def _env(**extra) -> dict:
    env = dict(os.environ)
    env.update(MPLBACKEND="Agg", SOURCE_DATE_EPOCH="0", PYTHONHASHSEED="0", TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=str(ROOT))
    env.pop("MPLCONFIGDIR", None)
    env.update(extra)
    return env


def _run(snippet: str, work: Path, **extra) -> tuple[str, str, dict[str, bytes]]:
    work.mkdir(parents=True)
    proc = subprocess.run([sys.executable, str(ROOT / snippet)], cwd=work, env=_env(**extra),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{snippet} failed:\n{proc.stderr}"
    files = {p.name: p.read_bytes() for p in sorted(work.iterdir()) if p.is_file()}
    return proc.stdout, proc.stderr, files


def _stale_fontlist(config: Path) -> None:
    """A font cache as Matplotlib writes it, but out of date: it lists a font file that is gone (a
    removed system package) and none of the fonts Matplotlib ships."""
    version = font_manager.FontManager.__version__

    def entry(fname, name, style="normal", weight=400):
        return {"fname": fname, "index": 0, "name": name, "style": style, "variant": "normal",
                "weight": weight, "stretch": "normal", "size": "scalable", "__class__": "FontEntry"}

    fontlist = {
        "_version": version,
        "_FontManager__default_weight": "normal",
        "default_size": None,
        "defaultFamily": {"ttf": "DejaVu Sans", "afm": "Helvetica"},
        "afmlist": [],
        "ttflist": [
            entry("/nonexistent/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVu Sans"),
            entry("/nonexistent/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK JP"),
        ],
        "__class__": "FontManager",
    }
    config.mkdir(parents=True)
    (config / f"fontlist-v{version}.json").write_text(json.dumps(fontlist, indent=2), encoding="utf-8")


def _impostor_fonts(folder: Path) -> None:
    """Fonts in a user font folder that Matplotlib scans (``$XDG_DATA_HOME/fonts``) claiming house
    families' names: DejaVu Serif's outlines, named IPAexGothic, DejaVu Sans and STIXGeneral."""
    from fontTools.ttLib import TTFont

    folder.mkdir(parents=True)
    for family in ("IPAexGothic", "DejaVu Sans", "STIXGeneral"):
        font = TTFont(MPL_FONTS / "DejaVuSerif.ttf")
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = family
            elif record.nameID == 6:
                record.string = family.replace(" ", "") + "-Impostor"
        font.save(folder / f"{family.replace(' ', '')}-Impostor.ttf")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """Each snippet run once per case, each run with a Matplotlib config folder of its own (a run
    that rebuilds the font list rewrites the folder's cache)."""
    base = tmp_path_factory.mktemp("fonts")
    populated = base / "populated-config"
    _run(SNIPPETS[0], base / "populate-work", MPLCONFIGDIR=str(populated))  # builds the font cache
    assert list(populated.glob("fontlist-v*.json")), "the first run wrote no font cache"
    data_home = base / "data-home"
    _impostor_fonts(data_home / "fonts")
    results = {}
    for snippet in SNIPPETS:
        name = Path(snippet).stem
        configs = {case: base / "config" / case / name for case in CASES}
        shutil.copytree(populated, configs["populated"])
        _stale_fontlist(configs["stale"])
        extra = {case: {"MPLCONFIGDIR": str(config)} for case, config in configs.items()}
        # fontconfig (fc-list, which Matplotlib asks too) keeps its cache of the new folder here
        extra["extra-system-font"].update(XDG_DATA_HOME=str(data_home), XDG_CACHE_HOME=str(base / "xdg-cache"))
        for case in CASES:
            results[snippet, case] = _run(snippet, base / "work" / case / name, **extra[case])
    return results


@pytest.mark.parametrize("snippet", SNIPPETS)
@pytest.mark.parametrize("case", CASES)
def test_no_font_message(runs, snippet, case):
    _, stderr, _ = runs[snippet, case]
    assert "findfont" not in stderr and "Warning" not in stderr, f"{snippet} ({case}) printed:\n{stderr[:3000]}"


@pytest.mark.parametrize("snippet", SNIPPETS)
@pytest.mark.parametrize("case", CASES[1:])
def test_same_bytes_whatever_the_font_cache(runs, snippet, case):
    stdout, _, files = runs[snippet, case]
    ref_stdout, _, ref_files = runs[snippet, "empty"]
    assert any(name.endswith((".svg", ".png")) for name in ref_files)
    assert sorted(files) == sorted(ref_files)
    differing = [name for name in files if files[name] != ref_files[name]]
    assert not differing, f"{snippet}: {case} wrote other bytes than a cold cache: {differing}"
    assert stdout == ref_stdout


# ----------------------------------------------------------------------------- through the site build's runner
def test_the_build_gives_the_same_notebook_and_figures_whatever_its_font_cache(tmp_path):
    """The 11-adam notebook (its cell 8 once printed ~20 findfont lines) and the step-size snippet,
    run by the site build's runner with its home folder's font cache empty, populated, stale, and
    with impostor fonts in the font folder it scans: the same bytes, no font message, nothing on stderr."""
    from sitebuild.runner import SnippetRunner, run_together

    def build(home: Path, case: str):
        runners = []
        for folder, name, pattern in (("notebooks", "11-adam.ja.ipynb", "*.ipynb"),
                                      ("snippets", "11_adam/step_sizes.py", "*.py")):
            r = SnippetRunner(ROOT, folder, str(tmp_path / "out" / case / folder),
                              str(tmp_path / "cache" / case / folder), pattern=pattern, home=home)
            r.snippets = lambda r=r, name=name: [r.snippets_dir / name]
            runners.append(r)
        got, stderr = {}, []
        for (res,) in run_together(runners):  # one warm worker for the case's home, both runs at once
            assert res.executed
            got[res.snippet] = (res.stdout, {n: p.read_bytes() for n, p in res.files.items()})
            stderr.append(res.stderr)
        return got, "".join(stderr)

    homes = {case: tmp_path / "home" / case for case in CASES}
    results = {"empty": build(homes["empty"], "empty")}
    assert list((homes["empty"] / "matplotlib").glob("fontlist-v*.json")), "the build's own font cache"
    shutil.copytree(homes["empty"] / "matplotlib", homes["populated"] / "matplotlib")
    _stale_fontlist(homes["stale"] / "matplotlib")
    _impostor_fonts(homes["extra-system-font"] / "data" / "fonts")  # XDG_DATA_HOME of a run is home/data
    for case in CASES[1:]:
        results[case] = build(homes[case], case)
    for case, (got, stderr) in results.items():
        assert stderr == "", f"{case}: {stderr[:2000]}"
        notebook = got["notebooks/11-adam.ja.ipynb"][1]["11-adam.ja.ipynb"].decode()
        assert "findfont" not in notebook and '"name": "stderr"' not in notebook, case
        assert got == results["empty"][0], f"{case}: outputs differ from the empty font cache's"


def test_a_png_of_few_colours_gets_a_palette_and_keeps_every_pixel(tmp_path):
    """save_figure stores a PNG of at most 256 colours with a palette (no pixel changes); one of more
    colours is quantized to ``colors`` (256 unless told), or kept whole with ``colors=None``."""
    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image

    from cnn_blog.figures.style import save_figure

    def figure(values, cmap):
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.imshow(values, cmap=cmap, interpolation="nearest")
        ax.axis("off")
        return fig

    rng = np.random.default_rng(0)
    few = figure(rng.integers(0, 8, (20, 20)), "viridis")
    few.savefig(tmp_path / "plain.png", bbox_inches="tight", metadata={"Software": None})
    save_figure(few, tmp_path / "few.png")
    with Image.open(tmp_path / "few.png") as paletted, Image.open(tmp_path / "plain.png") as plain:
        assert paletted.mode == "P"
        assert np.array_equal(np.asarray(paletted.convert("RGBA")), np.asarray(plain.convert("RGBA")))
    assert (tmp_path / "few.png").stat().st_size < (tmp_path / "plain.png").stat().st_size

    many = lambda: figure(rng.random((60, 60, 3)), None)  # noqa: E731 - thousands of colours
    save_figure(many(), tmp_path / "many.png", colors=None)
    save_figure(many(), tmp_path / "quantized.png", colors=64)
    with Image.open(tmp_path / "many.png") as kept, Image.open(tmp_path / "quantized.png") as quantized:
        assert kept.mode == "RGBA" and quantized.mode == "P"
        assert len(np.unique(np.asarray(quantized))) <= 64
