"""Every snippet travels: the file a page's "whole file" link gives runs alone, as a reader runs it.

The site build itself runs each snippet as a copy in an empty folder (``sitebuild.runner``), so what a
page shows is what the downloaded file prints there. Here, for every snippet of every part:

- its source stands alone: no sibling import, no path into the checkout, nothing imported from the
  repository but the ``cnn_blog`` package;
- its copy, run again in a folder that holds what the first run left (a reader who runs it twice),
  prints what the page shows, writes nothing to stderr and writes every file again, byte for byte the
  page's. These fresh runs are also this suite's cold-run comparison for these snippets (their bytes
  against the entry the page was built from), which is why the part tests may read that entry
  (tests/snippets_util.py). The training runs that take most of a minute are left to the cold-run
  comparison in test_build_cache.py.
"""

from __future__ import annotations

import concurrent.futures
import os

import pytest
from conftest import ROOT
from snippets_util import warm_worker
from standalone_checks import assert_runs_as_a_copy, assert_source_stands_alone, run_copy

from sitebuild.runner import SnippetRunner

SNIPPETS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "snippets").rglob("*.py")
                  if not p.name.startswith("_"))
TRAINING = {  # each trains a Keras model for most of a minute
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


COPIED = [rel for rel in SNIPPETS if rel not in TRAINING]


@pytest.fixture(scope="module")
def copy_runs(tmp_path_factory):
    """Every copy's run, made before the checks, as many at a time as there are cores (through the
    one warm worker, which forks a process per run). {rel: run_copy's result or the exception it raised}."""
    base = tmp_path_factory.mktemp("copies")
    # start the one worker before the threads share it (warm_worker starts it on first use)
    warm_worker(SnippetRunner(ROOT, "snippets", str(base / "out"), str(base / "cache")))

    def one(k_rel):
        k, rel = k_rel
        folder = base / f"{k:03d}"
        folder.mkdir()
        try:
            return rel, run_copy(rel, folder)
        except BaseException as exc:  # noqa: BLE001 - reported by that snippet's own test
            return rel, exc

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(one, enumerate(COPIED)))


@pytest.mark.parametrize("rel", COPIED)
def test_snippet_copy_run_again_prints_and_writes_what_the_page_shows(rel, copy_runs):
    result = copy_runs[rel]
    if isinstance(result, BaseException):
        raise result
    assert_runs_as_a_copy(rel, result)
