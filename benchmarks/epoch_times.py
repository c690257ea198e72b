"""How long one training epoch of the series' model takes on this machine's CPU.

Run by hand (not a test, not part of the site build; about 3 minutes on 2 cores):

    .venv/bin/python benchmarks/epoch_times.py

The site's training page (``docs/12-training.*.md``) estimates what the series' ``epochs = 100``
costs from these timings (``snippets/12_training/epoch_cost.py`` reads the JSON this writes,
through ``cnn_blog.demos.training.epoch_times``).
Timings change from run to run, so the site build never times anything itself.

What is timed: ``cnn_blog.train.model_train`` (the series' model, Adam, categorical
cross-entropy, ``batch_size = 32``, no validation share, like the series' ``model.fit``) with the
seed set as ``python -m cnn_blog.train`` sets it (``set_seed``: deterministic TensorFlow ops), on

1. ``mnist``: the 4,000 training digits of MNIST-5k, 28 x 28 x 1, 10 classes;
2. ``photos_100``: 1,000 random images of 100 x 100 x 3 pixels, 6 classes (the series' input;
   random pixels cost the same arithmetic as photos).

Each fit runs ``--warmup`` epochs first (the first epoch also traces the graph) and then
``--epochs`` timed ones; the seconds of each epoch come from ``train.EpochTimer``. The result,
with the date, the CPU model (``/proc/cpuinfo``), the cores this process may use and the load
average just before, goes to ``cnn_blog/demos/epoch_times.json`` (package data: a snippet reads it
from the installed package, not through a path of the checkout).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up notes quiet

import numpy as np

RESULTS = Path(__file__).resolve().parent.parent / "cnn_blog" / "demos" / "epoch_times.json"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cores() -> int:
    """Cores this process may run on (what TensorFlow's thread pools use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def time_epochs(x, y_onehot, warmup: int, epochs: int, batch_size: int) -> list[float]:
    """Seconds of each of ``epochs`` epochs of ``model_train`` after ``warmup`` untimed epochs."""
    from cnn_blog import train

    train.set_seed(0)
    timer = train.EpochTimer()
    train.model_train(x, y_onehot, epochs=warmup + epochs, batch_size=batch_size, out=None,
                      callbacks=[timer], verbose=0)
    return timer.seconds[warmup:]


def run(name: str, what: str, x, y, classes: int, warmup: int, epochs: int, batch_size: int) -> dict:
    import keras

    seconds = time_epochs(x, keras.utils.to_categorical(y, classes), warmup, epochs, batch_size)
    median = statistics.median(seconds)
    print(f"{name}: {len(x)} images {x.shape[1:]}, epochs {[round(s, 2) for s in seconds]} s, median {median:.2f} s")
    return {
        "name": name,
        "what": what,
        "input_shape": list(x.shape[1:]),
        "classes": classes,
        "images": len(x),
        "batch_size": batch_size,
        "warmup_epochs": warmup,
        "timed_epochs": epochs,
        "epoch_seconds": [round(s, 3) for s in seconds],
        "median_epoch_seconds": round(median, 3),
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per dataset (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed epochs first (default 1)")
    parser.add_argument("--photos", type=int, default=1000, help="synthetic 100x100x3 images (default 1000)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    import keras
    import tensorflow as tf

    from cnn_blog.data import load_mnist_5k

    load_before = [round(v, 2) for v in os.getloadavg()]
    started = time.perf_counter()
    runs = []

    x_train, _, y_train, _ = load_mnist_5k(test_size=0.2, seed=0)  # (4000, 28, 28, 1), (4000,)
    runs.append(run("mnist", "MNIST-5k training digits (stratified split, seed 0), pixels / 255",
                    x_train, y_train, 10, args.warmup, args.epochs, 32))

    rng = np.random.default_rng(0)
    x_photos = rng.random((args.photos, 100, 100, 3), dtype=np.float32)  # (n, 100, 100, 3) in [0, 1)
    y_photos = rng.integers(0, 6, size=args.photos)  # (n,) labels 0..5
    runs.append(run("photos_100", "random pixels in [0, 1), the series' 100 x 100 x 3 input, 6 classes",
                    x_photos, y_photos, 6, args.warmup, args.epochs, 32))

    result = {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu_model(),
        "cores": cores(),
        "load_average_before": load_before,
        "device": "CPU only (TensorFlow CPU build)",
        "versions": {"python": platform.python_version(), "tensorflow": tf.__version__,
                     "keras": keras.__version__, "numpy": np.__version__},
        "command": "python benchmarks/epoch_times.py",
        "how": ("cnn_blog.train.model_train (the series' model, Adam, batch 32, no validation share) "
                "after train.set_seed(0); the first epochs (warmup_epochs) are not timed; "
                "seconds per epoch from train.EpochTimer"),
        "runs": runs,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
