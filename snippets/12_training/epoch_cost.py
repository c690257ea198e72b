"""What the series' epochs = 100 costs on a CPU, extrapolated from epochs timed by hand.

The timings come from ``benchmarks/epoch_times.py``, run by hand on one machine; its result is
package data of ``cnn_blog`` (``cnn_blog/demos/epoch_times.json``), read with
``cnn_blog.demos.training.epoch_times``. Nothing is timed while the site is built: timings change
from run to run, and the site's outputs must not.
"""

import json

# --8<-- [start:estimate]
from cnn_blog.demos.training import epoch_times

timings = epoch_times()  # measured by hand with benchmarks/epoch_times.py
epochs = 100  # the series' setting

print(f"timed {timings['date']} on {timings['cpu']}",
      f"({timings['cores']} cores),",
      f"TensorFlow {timings['versions']['tensorflow']}, CPU only")
for run in timings["runs"]:
    per_epoch = run["median_epoch_seconds"]  # the median of the timed epochs
    minutes = epochs * per_epoch / 60  # the estimate for 100 epochs
    size = " × ".join(map(str, run["input_shape"]))
    timed = ", ".join(f"{s:.1f}" for s in run["epoch_seconds"])
    print(f"{run['name']}: {run['images']:,} images of {size},",
          f"batch {run['batch_size']}")
    print(f"  timed epochs: {timed} s; median {per_epoch:.1f} s")
    print(f"  {epochs} epochs ≈ {epochs} × {per_epoch:.1f} s",
          f"= {minutes:.0f} min")
# --8<-- [end:estimate]

mnist, photos = ({r["name"]: r for r in timings["runs"]}[name] for name in ("mnist", "photos_100"))
per_image = photos["median_epoch_seconds"] / photos["images"]  # seconds per 100 x 100 photo per epoch
many = 10_000  # an augmented photo set: e.g. 625 photos x 8 angles x 2 (mirrored)
with open("epoch_cost.values.json", "w") as fh:
    json.dump({
        "date": timings["date"],
        "cpu": timings["cpu"],
        "cores": timings["cores"],
        "tensorflow": timings["versions"]["tensorflow"],
        "warmup_epochs": mnist["warmup_epochs"],
        "timed_epochs": mnist["timed_epochs"],
        "mnist_images": f"{mnist['images']:,}",
        "mnist_epoch_s": f"{mnist['median_epoch_seconds']:.1f}",
        "mnist_100_min": f"{epochs * mnist['median_epoch_seconds'] / 60:.0f}",
        "photos_images": f"{photos['images']:,}",
        "photos_epoch_s": f"{photos['median_epoch_seconds']:.1f}",
        "photos_100_min": f"{epochs * photos['median_epoch_seconds'] / 60:.0f}",
        "photos_per_image_ms": f"{per_image * 1000:.0f}",
        "photos_many": f"{many:,}",
        "photos_many_100_h": f"{epochs * per_image * many / 3600:.0f}",
        "photo_vs_digit": f"{per_image / (mnist['median_epoch_seconds'] / mnist['images']):.0f}",
    }, fh, ensure_ascii=False)
