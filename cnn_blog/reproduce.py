"""The settings under which your run prints the numbers the site's pages show.

The site runs every script with one thread for NumPy's BLAS and for TensorFlow, with TensorFlow's oneDNN
routines off and Keras on TensorFlow (``sitebuild/environment.py``). On another number of threads a
matrix product or a reduction adds its terms in another order; oneDNN (on by default in TensorFlow's
builds for many recent processors: on Linux, those with AVX-512 VNNI or BF16, AVX-VNNI or AMX) computes
with other routines. Each changes the last bits of a float32, and a training run carries such a
difference into every later step: on a 2-core machine with the defaults, part 12's five epochs end at
another test loss.

``same_numbers_as_the_page()`` puts the site's settings in place. It must run before NumPy and
TensorFlow are imported (OpenBLAS reads its thread count when it loads, TensorFlow its oneDNN setting
when it is imported and its thread counts at its first operation), so a script calls it first:

    from cnn_blog.reproduce import same_numbers_as_the_page

    same_numbers_as_the_page()
    import keras

In a notebook whose kernel loaded NumPy already (if it has), it limits NumPy's BLAS through
threadpoolctl, which scikit-learn installs. The same settings give the same numbers with the same
versions of NumPy, TensorFlow and Keras, on the CPU, on the same operating system and processor family;
other versions may differ in the last digits, and a training run more. A GPU is not hidden: the pages'
numbers are the CPU's.
"""

from __future__ import annotations

import os
import sys

# What the site's build sets for every run (sitebuild/environment.py FIXED has the same values).
SETTINGS = {
    "OMP_NUM_THREADS": "1",  # NumPy's BLAS (OpenBLAS reads these when it loads)
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",  # TensorFlow: one thread inside an operation, one across them
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_ENABLE_ONEDNN_OPTS": "0",  # TensorFlow's own routines, not oneDNN's
    "KERAS_BACKEND": "tensorflow",  # whatever ~/.keras/keras.json says
}


def same_numbers_as_the_page() -> None:
    """One thread for NumPy's BLAS and TensorFlow, oneDNN off, Keras on TensorFlow: the site's build's settings.

    Nothing to do when the environment holds them already (the site's build sets them before the
    process starts; a notebook cell run a second time). Raises ``RuntimeError`` when TensorFlow was
    loaded without them (restart the Python process or the notebook's kernel and call this first), or
    when NumPy was and threadpoolctl is not installed."""
    if all(os.environ.get(name) == value for name, value in SETTINGS.items()):
        return
    if "tensorflow" in sys.modules:
        raise RuntimeError("same_numbers_as_the_page() came after TensorFlow was imported, when some of its "
                           "settings are already fixed: call it before importing keras or tensorflow "
                           "(in a notebook: restart the kernel and run this cell first)")
    os.environ.update(SETTINGS)
    if "numpy" in sys.modules:  # too late for the variables: limit the BLAS that is loaded
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            raise RuntimeError("same_numbers_as_the_page() came after NumPy was loaded: call it before "
                               "importing numpy, or install threadpoolctl (pip install threadpoolctl)") from None
        threadpool_limits(limits=1, user_api="blas")  # kept for the rest of the process
