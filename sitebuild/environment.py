"""The environment every snippet and notebook runs in, and the fingerprint of it in every cache key.

A run sees only what the build decides (``run_environment``): an allow-list of the caller's
variables that cannot change what a snippet prints, plus fixed settings. Everything else that
reaches an output is in the key (``fingerprint``): the version of every installed distribution, the
Python version and platform, the fixed settings, and the bytes of the build's own code that runs
or post-processes a snippet. Nothing outside the key can change an output:

- ``HOME``, ``MPLCONFIGDIR``, ``KERAS_HOME``, ``IPYTHONDIR`` and Jupyter's folders point into a
  folder the build owns, so a reader's ``matplotlibrc``, ``~/.keras/keras.json``, IPython profile
  or a stale Matplotlib font cache is never read;
- one thread per run for BLAS, OpenMP and TensorFlow: outputs do not depend on the core count
  (and two runs side by side on two cores do not fight: with OpenBLAS's default threads the
  notebooks of part 10 took 51 s instead of 3 s);
- oneDNN's custom operations off: their results depend on the processor's instruction set;
- what else of the machine can change a number is in the key (``numeric_machine``: NumPy's SIMD
  dispatch, the BLAS and its core type, the C library), so a cache restored on another processor
  re-runs instead of serving another machine's digits;
- the home folder is new for every runner (``fresh_home``): nothing a run or a person left there
  (a ``matplotlibrc``, ``keras.json``, an IPython startup file) reaches the next build.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import platform
import sys
from pathlib import Path

SITEBUILD = Path(__file__).resolve().parent

# Variables passed through from the caller. None of them changes a result, except the OpenBLAS
# core type (set on processors where old OpenBLAS builds fail), which is therefore in the key.
PASSED = ("PATH", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP")
PASSED_INTO_KEY = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

FIXED = {
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "TZ": "UTC",
    "PYTHONHASHSEED": "0",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "SOURCE_DATE_EPOCH": "0",  # Matplotlib writes no build date into SVG/PDF
    "MPLBACKEND": "Agg",
    "KERAS_BACKEND": "tensorflow",
    "TF_CPP_MIN_LOG_LEVEL": "3",  # no TensorFlow log lines in outputs
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NO_MKDOCS_2_WARNING": "1",
}

# The build's own code that runs a snippet or post-processes its output: editing any of it
# re-runs everything (no hand-bumped version number).
RUNNER_SOURCES = (
    SITEBUILD / "environment.py",
    SITEBUILD / "runner.py",
    SITEBUILD / "cache.py",
    SITEBUILD / "warm.py",
    SITEBUILD / "_child.py",
    SITEBUILD.parent / "cnn_blog" / "_native_logs.py",
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"-").hexdigest()


# The build's code as this process loaded it. ``mkdocs serve`` imports sitebuild once and builds again
# on every change: were runner.py edited meanwhile, the key (made of the files on disk) would name
# code this process is not running. So a key is made only while the files are what was loaded.
LOADED = {path: _digest(path) for path in RUNNER_SOURCES}


class BuildCodeChanged(RuntimeError):
    """The build's code on disk is not the code this process runs (``mkdocs serve`` after an edit)."""


def check_loaded_code() -> None:
    changed = [path for path, digest in LOADED.items() if _digest(path) != digest]
    if changed:
        names = ", ".join(p.relative_to(SITEBUILD.parent).as_posix() for p in changed)
        raise BuildCodeChanged(f"{names} changed since this process loaded the build's code; nothing is "
                               f"run or cached with the old code under the new key: restart mkdocs serve "
                               f"(or the build) to use the edit")


def fresh_home() -> Path:
    """A new, empty home folder for one build's runs, removed when this process ends."""
    import atexit
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="cnn-blog-home-"))
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    home = base / "home"
    home.mkdir()
    return home


def home_folders(home: Path) -> dict[str, str]:
    """The variables that point every library's configuration and caches into ``home``."""
    return {
        "HOME": str(home),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "KERAS_HOME": str(home / "keras"),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_CONFIG_DIR": str(home / "jupyter" / "config"),
        "JUPYTER_DATA_DIR": str(home / "jupyter" / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "jupyter" / "runtime"),
        "JUPYTER_PATH": str(home / "jupyter" / "data"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
    }


def run_environment(root: Path, home: Path, caller: dict | None = None) -> dict[str, str]:
    """The whole environment of a run: nothing of ``caller`` (default ``os.environ``) but the
    allow-list, the fixed settings, the build-owned folders and the project on ``PYTHONPATH`` (with
    the checkout that holds sitebuild, which is not installed, where the project is another folder)."""
    caller = os.environ if caller is None else caller
    env = {name: caller[name] for name in PASSED + PASSED_INTO_KEY if name in caller}
    env.update(FIXED)
    env.update(home_folders(home))
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([str(root), str(SITEBUILD.parent)]))
    return env


def distributions() -> dict[str, str]:
    """Every installed distribution and its version."""
    found = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found[name.lower().replace("_", "-")] = dist.version
    return dict(sorted(found.items()))


def _numpys(path: str) -> bool:
    """Whether a loaded library is NumPy's own (numpy.libs/ on Linux, numpy/.dylibs/ on macOS)."""
    import numpy

    try:
        inside = Path(path).resolve().relative_to(Path(numpy.__file__).resolve().parent.parent)
    except ValueError:
        return False
    return inside.parts[0].startswith("numpy")


@functools.lru_cache(maxsize=1)
def numeric_machine() -> dict:
    """What of this machine can change a number: the SIMD instructions NumPy dispatches to, the
    BLAS library and the core type it tuned its kernels for, and the C library (libm)."""
    import numpy
    from numpy._core import _multiarray_umath

    blas = []
    try:
        from threadpoolctl import threadpool_info

        # NumPy's own BLAS only: what else is loaded (SciPy's copy) depends on the process, not the machine
        blas = sorted((i.get("internal_api"), i.get("version"), i.get("architecture")) for i in threadpool_info()
                      if i.get("user_api") == "blas" and _numpys(i.get("filepath", "")))
    except ImportError:  # only with the [data] extra (scikit-learn's dependency)
        pass
    features = getattr(_multiarray_umath, "__cpu_features__", {})
    return {
        "numpy_simd": sorted(name for name, on in features.items() if on),
        "blas": [list(b) for b in blas],
        "libc": list(platform.libc_ver()),
        "numpy": numpy.__version__,
    }


def fingerprint(caller: dict | None = None) -> dict:
    """What every cache key holds besides the snippet itself."""
    caller = os.environ if caller is None else caller
    check_loaded_code()
    sources = hashlib.sha256()
    for path in RUNNER_SOURCES:
        sources.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return {
        "python": sys.version,
        "platform": [platform.system(), platform.machine()],
        "distributions": distributions(),
        "fixed": FIXED,
        "passed": {name: caller.get(name) for name in PASSED_INTO_KEY},
        "machine": numeric_machine(),
        "runner": sources.hexdigest(),
    }


def fingerprint_hash(caller: dict | None = None) -> str:
    return hashlib.sha256(json.dumps(fingerprint(caller), sort_keys=True).encode()).hexdigest()
