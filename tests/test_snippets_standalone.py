"""Every snippet travels: the file a page's "whole file" link gives runs alone, as a reader runs it.

The site build itself runs each snippet as a copy in an empty folder (``sitebuild.runner``), so what a
page shows is what the downloaded file prints there. Here, for every snippet of every part:

- its source stands alone: no sibling import, no path into the checkout, nothing imported from the
  repository but the ``cnn_blog`` package;
- its copy, run twice in the same folder (a reader who runs it again), prints what the page shows,
  writes nothing to stderr and leaves the same files, byte for byte, both times. The training runs
  that take most of a minute are left to the build's own run of their copy (and to the cold-run
  comparison in test_build_cache.py).
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from standalone_checks import assert_runs_as_a_copy, assert_stands_alone
from snippet_copies import assert_standalone

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
    assert_standalone(rel)
    assert_stands_alone(rel)


@pytest.mark.parametrize("rel", [rel for rel in SNIPPETS if rel not in TRAINING])
def test_snippet_copy_run_twice_prints_what_the_page_shows(rel, tmp_path):
    assert_runs_as_a_copy(rel, tmp_path, runs=2)
