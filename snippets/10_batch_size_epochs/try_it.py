"""The answers to the page's exercises, computed (run it after making your prediction). Exercise 2 trains the
small model with batch size 8 twice, as batch_size_runs.py does and again up to its best epoch: a minute or two
on a laptop CPU."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as in batch_size_runs.py: the same numbers, and faster

import json

# --8<-- [start:answers]
import math

from cnn_blog.data import load_mnist_5k
from cnn_blog.demos.batch_size import EPOCHS, train_with_batch_size

x_train, _, _, _ = load_mnist_5k()
n = len(x_train)  # the training images

# 1. batch_size 100 in steps_per_epoch.py.
steps = math.ceil(n / 100)
last = n - (steps - 1) * 100  # images in the last mini-batch
print(f"1. batch_size 100: {steps} steps per epoch, the last mini-batch holds {last} images")

# 2. batch size 8 in batch_size_runs.py, stopped at the epoch with its lowest validation loss.
#    Two runs, EPOCHS + best epochs of training in all: a minute or two.
_, full = train_with_batch_size(8, epochs=EPOCHS)  # the page's run: its validation loss after every epoch
best = full["val_loss"].index(min(full["val_loss"])) + 1  # the epoch with the lowest validation loss
_, stopped = train_with_batch_size(8, epochs=best)  # the same run, stopped there
print(f"2. batch size 8, stopped after epoch {best}: test loss {stopped['test_loss']:.3f}"
      f" (after epoch {EPOCHS}: {full['test_loss']:.3f})")


# 3. batch_size 512 in batch_noise.py: how the scatter of the mini-batch loss compares with 128's.
def scatter(b):
    """The scatter of the mean of b of the n losses, drawn without replacement, for losses of scatter 1."""
    return math.sqrt((n - b) / (n - 1)) / math.sqrt(b)


print(f"3. 512 / 128 = {512 / 128:g} times the batch: 1 / sqrt({512 / 128:g}) = {1 / math.sqrt(512 / 128):g}, "
      f"with sqrt((n - B) / (n - 1)): {scatter(512) / scatter(128):.2f} times the scatter")
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"steps_100": steps, "last_100": last, "best_epoch_8": best,
               "stopped_test_loss_8": f"{stopped['test_loss']:.3f}", "full_test_loss_8": f"{full['test_loss']:.3f}",
               "times": f"{512 / 128:g}",
               "half": f"{1 / math.sqrt(512 / 128):g}", "with_factor": f"{scatter(512) / scatter(128):.2f}"}, fh)
