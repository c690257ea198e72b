"""cnn_blog.reproduce: the build's numeric settings, put in place by the scripts themselves.

Each case runs in a fresh interpreter with none of the build's settings (as a reader's ``python
FILE.py``): what the function sets, what NumPy's BLAS and TensorFlow then use, and the errors it gives
when it comes too late. That a reader's run of every snippet prints the page's numbers is checked by
tests/test_snippets_standalone.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

from cnn_blog.reproduce import SETTINGS
from sitebuild.environment import FIXED


def run(code: str, threads: str = "4") -> subprocess.CompletedProcess:
    env = {"PATH": f"{sys.prefix}/bin:/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8",
           "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "TF_NUM_INTRAOP_THREADS": threads,
           "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_settings_are_the_builds():
    assert SETTINGS == {name: FIXED[name] for name in SETTINGS}
    assert {name for name in FIXED if name.endswith("_THREADS")} <= set(SETTINGS)
    assert SETTINGS["TF_ENABLE_ONEDNN_OPTS"] == "0"


BLAS_THREADS = """
        from threadpoolctl import threadpool_info
        print("blas", sorted({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}))
"""


def test_called_first_it_sets_one_thread_for_blas_and_tensorflow_and_oneDNN_off():
    proc = run("""
        import os
        from cnn_blog.reproduce import SETTINGS, same_numbers_as_the_page
        same_numbers_as_the_page()
        import numpy
        import tensorflow as tf
        print("env", all(os.environ[k] == v for k, v in SETTINGS.items()))
        print("sum", float(tf.reduce_sum(tf.ones(1000))))
    """ + BLAS_THREADS)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["env True", "sum 1000.0", "blas [1]"]
    without = run("""
        import numpy""" + BLAS_THREADS)
    # without the call, the reader's threads (OpenBLAS takes at most one per core)
    import os

    assert without.stdout.strip() == f"blas [{min(4, os.cpu_count())}]"


def test_after_numpy_it_limits_the_loaded_blas():
    """A notebook's kernel that loaded NumPy first (Colab's does)."""
    proc = run("""
        import numpy
        from cnn_blog.reproduce import same_numbers_as_the_page
        same_numbers_as_the_page()
    """ + BLAS_THREADS)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "blas [1]"


def test_after_tensorflow_it_stops_with_an_error_that_says_so():
    proc = run("""
        import keras
        from cnn_blog.reproduce import same_numbers_as_the_page
        same_numbers_as_the_page()
    """)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("RuntimeError: same_numbers_as_the_page() came after TensorFlow was imported"), last
    assert "before importing keras or tensorflow" in last


def test_a_second_call_and_the_builds_environment_need_nothing_more():
    """Run again (a notebook cell run twice), or where the settings were there before TensorFlow loaded
    (the site's build sets them for the whole process): no error."""
    proc = run("""
        from cnn_blog.reproduce import same_numbers_as_the_page
        same_numbers_as_the_page()
        import keras
        same_numbers_as_the_page()
        print("ok")
    """)
    assert (proc.returncode, proc.stdout) == (0, "ok\n"), proc.stderr


@pytest.mark.parametrize("missing", ["threadpoolctl"])
def test_after_numpy_without_threadpoolctl_it_says_what_to_do(missing, tmp_path):
    (tmp_path / f"{missing}.py").write_text("raise ImportError('not installed')\n")
    proc = run(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import numpy
        from cnn_blog.reproduce import same_numbers_as_the_page
        same_numbers_as_the_page()
    """)
    assert proc.returncode == 1
    assert "call it before importing numpy, or install threadpoolctl" in proc.stderr.strip().splitlines()[-1]
