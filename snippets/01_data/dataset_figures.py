"""The data page's figures, in Japanese and in English, and the split in the file's order."""

import json

import numpy as np

# --8<-- [start:unshuffled]
from cnn_blog.demos.dataset import class_counts

counts = class_counts()  # images per digit: load_mnist_5k's split, and the file cut in its own order
print("split in the file's order, test images per digit:", counts["unshuffled_test"])
print("stratified split, test images per digit:         ", counts["test"])
# --8<-- [end:unshuffled]

# --8<-- [start:figures]
from cnn_blog.data import DEFAULT_ANGLES
from cnn_blog.demos.dataset import augmented_views, chelsea_photo
from cnn_blog.figures.dataset import make_augmented_grid, make_class_balance
from cnn_blog.figures.style import LANGS, save_figure

photo = chelsea_photo()  # (100, 100, 3) uint8, read like a photo of your own
rotated, mirrored = augmented_views(photo, DEFAULT_ANGLES)  # what augment makes of it, angle by angle
for lang in LANGS:  # "ja", "en"
    save_figure(make_augmented_grid(lang, DEFAULT_ANGLES, rotated, mirrored), f"01-data-augmented.{lang}.png")
    save_figure(make_class_balance(lang, counts), f"01-data-balance.{lang}.svg")
# --8<-- [end:figures]

only = np.flatnonzero(counts["unshuffled_test"])  # the digits the unshuffled test set holds
with open("dataset_figures.values.json", "w") as fh:
    json.dump({
        "unshuffled_first": int(only[0]), "unshuffled_last": int(only[-1]),
        "views": len(rotated) + len(mirrored),
        "angle_first": f"{DEFAULT_ANGLES[0]:+d}", "angle_last": f"{DEFAULT_ANGLES[-1]:+d}",
        "angle_step": DEFAULT_ANGLES[1] - DEFAULT_ANGLES[0],
    }, fh)
