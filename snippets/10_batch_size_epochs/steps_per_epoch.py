"""Steps per epoch: how many mini-batches, and so how many weight updates, one epoch takes."""

import json

# --8<-- [start:steps]
import math

from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

from cnn_blog.data import augment, load_mnist_5k, split_dataset
from cnn_blog.train import batch_size, epochs  # the settings of the series' script

# A photo set like the series': 6 labels x 100 photos. Only the counts matter here, so the photos
# are tiny blank stand-ins; split and augmentation are the package's own functions.
photos = np.zeros((600, 8, 8, 3), dtype=np.uint8)
photo_labels = np.repeat(np.arange(6), 100)

x_train, x_test, y_train, y_test = load_mnist_5k()  # MNIST-5k: 4,000 training, 1,000 test digits
p_train, p_test, q_train, q_test = split_dataset(photos, photo_labels)  # 480 photos, 120 for testing
p_aug, q_aug = augment(p_train, q_train)  # every photo at 8 angles, each also mirrored: x 16

print(f"batch_size = {batch_size}, epochs = {epochs}")
print(f"{'training data':<36} {'images':>6} {'steps/epoch':>11} {'last batch':>10} {'steps in all':>12}")
for name, n in (("MNIST-5k, training split", len(x_train)),
                ("MNIST-5k, fit(validation_split=0.1)", math.floor(len(x_train) * (1 - 0.1))),  # as Keras splits
                ("photos (6 x 100), augmented", len(p_aug))):
    steps = math.ceil(n / batch_size)  # mini-batches per epoch: the last may be smaller
    last = n - (steps - 1) * batch_size  # images in the last mini-batch
    print(f"{name:<36} {n:>6} {steps:>11} {last:>10} {steps * epochs:>12}")
# --8<-- [end:steps]

# --8<-- [start:batch_sizes]
n = len(x_train)
for b in (8, 32, 128):
    steps = math.ceil(n / b)
    last = n - (steps - 1) * b  # images in the last mini-batch
    print(f"batch_size {b:>3}: {steps:>3} steps per epoch, the last mini-batch holds {last:>3} images, "
          f"{n} images per epoch")
# --8<-- [end:batch_sizes]

mnist_n, val_n, photo_n = len(x_train), math.floor(len(x_train) * (1 - 0.1)), len(p_aug)  # the table's rows
values = {
    "batch_size": batch_size,
    "epochs": epochs,
    "mnist_train": f"{mnist_n:,}",
    "mnist_test": f"{len(x_test):,}",
    "mnist_steps": math.ceil(mnist_n / batch_size),
    "mnist_total_steps": f"{math.ceil(mnist_n / batch_size) * epochs:,}",
    "val_train": f"{val_n:,}",
    "val_steps": math.ceil(val_n / batch_size),
    "val_last": val_n - (math.ceil(val_n / batch_size) - 1) * batch_size,
    "photos": len(photos),
    "photo_labels": len(set(photo_labels.tolist())),
    "photo_train": len(p_train),
    "photo_test": len(p_test),
    "photo_views": len(p_aug) // len(p_train),
    "photo_aug": f"{len(p_aug):,}",
    "photo_steps": math.ceil(len(p_aug) / batch_size),
    "photo_total_steps": f"{math.ceil(len(p_aug) / batch_size) * epochs:,}",
    "steps_8": math.ceil(mnist_n / 8),
    "steps_128": math.ceil(mnist_n / 128),
    "last_128": mnist_n - (math.ceil(mnist_n / 128) - 1) * 128,
}
with open("steps_per_epoch.values.json", "w") as fh:
    json.dump(values, fh)
