"""Every snippet travels: the file a page's "whole file" link gives runs alone, as a reader runs it.

The site build itself runs each snippet as a copy in an empty folder (``sitebuild.runner``), so what a
page shows is what the downloaded file prints there. Here, for every snippet of every part:

- its source stands alone: no sibling import, no path into the checkout, nothing imported from the
  repository but the ``cnn_blog`` package;
- its copy, run again as a reader runs it (``python FILE.py``, a fresh interpreter, none of the build's
  settings, the threads of a 4-core machine) in a folder that holds what the first run left (a reader
  who runs it twice), prints what the page shows, writes nothing to stderr and writes every file
  again, byte for byte the page's: the numbers a reader gets are the page's. These fresh runs are also
  this suite's cold-run comparison for the snippets (their bytes against the entry the page was built
  from), which is why the part tests may read that entry (tests/snippets_util.py).
- a snippet that loads TensorFlow (itself or through the package) first calls
  ``cnn_blog.reproduce.same_numbers_as_the_page()``, in the lines the page shows.
"""

from __future__ import annotations

import concurrent.futures
import os

import pytest
from conftest import ROOT
from snippets_util import build_result
from standalone_checks import assert_runs_as_a_copy, assert_source_stands_alone, run_copy

SNIPPETS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").rglob("*.py")
                  if not p.name.startswith("_"))
TRAINING = {  # each trains a Keras model for most of a minute: started first
    "snippets/05_dropout/dropout_experiment.py",
    "snippets/07_softmax/softmax_prediction.py",
    "snippets/12_training/train_mnist.py",
    "snippets/13_numpy_model/keras_vs_numpy.py",
}


def test_the_sets_are_real():
    assert len(SNIPPETS) > 60 and TRAINING <= set(SNIPPETS)


@pytest.mark.parametrize("rel", SNIPPETS)
def test_snippet_source_stands_alone(rel):
    assert_source_stands_alone(rel)


@pytest.fixture(scope="module")
def copy_runs(tmp_path_factory):
    """Every copy's run as a reader runs it, made before the checks, as many at a time as there are
    cores, the training runs first. {rel: run_copy's result or the exception it raised}."""
    base = tmp_path_factory.mktemp("copies")
    home = base / "home"
    home.mkdir()
    order = sorted(SNIPPETS, key=lambda rel: rel not in TRAINING)
    for rel in SNIPPETS:  # the build's runs first (in the cache unless the snippet changed)
        try:
            build_result(rel)
        except Exception:  # noqa: BLE001 - reported by that snippet's own test
            pass

    def one(rel):
        folder = base / rel.replace("/", "__")
        folder.mkdir()
        try:
            return rel, run_copy(rel, folder, home)
        except BaseException as exc:  # noqa: BLE001 - reported by that snippet's own test
            return rel, exc

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(one, order))


@pytest.mark.parametrize("rel", SNIPPETS)
def test_snippet_copy_run_again_prints_and_writes_what_the_page_shows(rel, copy_runs):
    result = copy_runs[rel]
    if isinstance(result, BaseException):
        raise result
    assert_runs_as_a_copy(rel, result)


def test_the_check_of_the_first_call_fails_where_it_is_missing_late_or_not_shown(tmp_path):
    from standalone_checks import assert_fixes_the_numbers_first

    call = "from cnn_blog.reproduce import same_numbers_as_the_page\n\nsame_numbers_as_the_page()\n"
    cases = {
        "missing": "# --8<-- [start:a]\nimport keras\n# --8<-- [end:a]\n",
        "late": "# --8<-- [start:a]\nimport numpy as np\n" + call + "import keras\n# --8<-- [end:a]\n",
        "not_shown": call + "# --8<-- [start:a]\nimport keras\n# --8<-- [end:a]\n",
        "good": "import json\n\nwith open('x') as f:\n    # --8<-- [start:a]\n"
                + "".join("    " + line + "\n" if line else "\n" for line in call.splitlines())
                + "    import keras\n    # --8<-- [end:a]\n",
    }
    for name, source in cases.items():
        path = tmp_path / f"{name}.py"
        path.write_text(source)
        if name == "good":
            assert_fixes_the_numbers_first(str(path))  # ROOT / an absolute path is that path
        else:
            with pytest.raises(AssertionError):
                assert_fixes_the_numbers_first(str(path))
