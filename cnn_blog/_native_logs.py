"""TensorFlow's native start-up notes, kept off stderr.

On CPUs where oneDNN's custom operations are on, importing TensorFlow 2.21 prints, from C++ through
absl and whatever ``TF_CPP_MIN_LOG_LEVEL`` says::

    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 00:00:1795926803.852574    2369 port.cc:153] oneDNN custom operations are on. ...

A command-line error would then not be one line, and a notebook would show them in red. They are
written to file descriptor 2 by C++, so replacing Python's ``sys.stderr`` does not catch them and no
library we use filters them: ``native_notes_dropped`` points descriptor 2 at a temporary file while
TensorFlow loads, then writes back every line that is not such a note.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile

NATIVE_LOG_RE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ [\w.-]+:\d+\] .*)\n?",
    re.M,
)


def drop_native_notes(text: str) -> str:
    """``text`` without TensorFlow's native log lines."""
    return NATIVE_LOG_RE.sub("", text)


@contextlib.contextmanager
def native_notes_dropped():
    """Inside the block, what goes to file descriptor 2 is held back; afterwards everything but the
    native notes is written to stderr (Python warnings and errors included)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            kept = drop_native_notes(held.read().decode("utf-8", "replace"))
            if kept:
                sys.stderr.write(kept)
                sys.stderr.flush()
