"""The data of part 12, training (``docs/12-training.*.md``): the epoch timings the page
extrapolates to the series' ``epochs = 100``.

The training itself is the series' script, ``cnn_blog.train``. The timings were measured by hand
with ``benchmarks/epoch_times.py``, which writes ``epoch_times.json`` next to this module; the site
build never times anything, so its outputs do not change from run to run. Importing this module
loads no TensorFlow.
"""

from __future__ import annotations

import json
from importlib import resources

TIMINGS_FILE = "epoch_times.json"


# --8<-- [start:epoch_times]
def epoch_times() -> dict:
    """The timings as ``benchmarks/epoch_times.py`` wrote them: the date, the CPU, its cores, the
    library versions and one entry per dataset in ``"runs"`` (images, input shape, batch size, the
    seconds of each timed epoch and their median, ``"median_epoch_seconds"``)."""
    text = resources.files(__package__).joinpath(TIMINGS_FILE).read_text(encoding="utf-8")
    return json.loads(text)
# --8<-- [end:epoch_times]
