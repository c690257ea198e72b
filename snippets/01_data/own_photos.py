"""Your own photos, the series' way: one folder per label -> split, augmented, saved as one .npz file."""

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

outputs = Path.cwd()  # what this snippet shows on the page is written here
scratch = tempfile.TemporaryDirectory()  # the photos and the dataset file: removed when the snippet ends
os.chdir(scratch.name)
os.environ["COLUMNS"] = "80"  # argparse wraps its help to this width, the same on every machine

# --8<-- [start:folder]
from pathlib import Path

from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np
import skimage.data
from PIL import Image


def crops(photo, n, size):
    """n square crops (size x size) of one photo, left to right: stand-ins for n photos of one label."""
    left = np.linspace(0, photo.shape[1] - size, n).astype(int)
    top = (photo.shape[0] - size) // 2
    return [photo[top : top + size, x : x + size] for x in left]


# photos/<label>/<file>: one subfolder per label. Here: crops of two photos bundled with scikit-image.
for label, photo in (("cats", skimage.data.chelsea()), ("cups", skimage.data.coffee())):
    folder = Path("photos") / label
    folder.mkdir(parents=True, exist_ok=True)
    for number, crop in enumerate(crops(photo, n=10, size=250)):
        Image.fromarray(crop).save(folder / f"{number}.png")

for folder in sorted(Path("photos").iterdir()):
    names = sorted(path.name for path in folder.iterdir())
    print(f"{folder}/: {', '.join(names)}")
# --8<-- [end:folder]

# --8<-- [start:augment]
from cnn_blog.train import cli

# The same as the command line: python -m cnn_blog.train augment --data photos/ --out data/augmented_images.npz
cli(["augment", "--data", "photos/", "--out", "data/augmented_images.npz"])
# --8<-- [end:augment]

# --8<-- [start:npz]
from cnn_blog.data import load_dataset, load_validation

with np.load("data/augmented_images.npz") as npz:  # allow_pickle=False (the default): plain named arrays
    for name in npz.files:
        print(f"{name:<8} {str(npz[name].shape):<18} {npz[name].dtype}")
x_train, x_test, y_train, y_test, labels = load_dataset("data/augmented_images.npz")  # the same, checked
x_val, y_val = load_validation("data/augmented_images.npz")  # the validation photos, as they were
# --8<-- [end:npz]

# The command's own help, shown on the page as a second output.
help_text = io.StringIO()
with contextlib.redirect_stdout(help_text), contextlib.suppress(SystemExit):
    cli(["augment", "--help"])
(outputs / "own_photos.help.out.txt").write_text(help_text.getvalue(), encoding="utf-8")

photos = sum(1 for _ in Path("photos").rglob("*.png"))
train_photos = photos - len(x_test) - len(x_val)
views = len(x_train) // train_photos
with open(outputs / "own_photos.values.json", "w") as fh:
    json.dump({
        "labels": len(labels),
        "photos_per_label": photos // len(labels),
        "photos": photos,
        "test_photos": len(x_test),
        "validation_photos": len(x_val),
        "train_photos": train_photos,
        "views": views,
        "angles": views // 2,
        "train_images": len(x_train),
        "side": x_train.shape[1],
    }, fh)
