"""The answers to the page's exercises 1 and 3, computed (run it after making your prediction). No training."""

import json

# --8<-- [start:answers]
import math

from cnn_blog.data import load_mnist_5k

x_train, _, _, _ = load_mnist_5k()
n = len(x_train)  # the training images

# 1. batch_size 100 in steps_per_epoch.py.
steps = math.ceil(n / 100)
print(f"1. batch_size 100: {steps} steps per epoch, {steps * 100 - n} places left empty in the last batch")


# 3. batch_size 512 in batch_noise.py: how the scatter of the mini-batch loss compares with 128's.
def scatter(b):
    """The scatter of the mean of b of the n losses, drawn without replacement, for losses of scatter 1."""
    return math.sqrt((n - b) / (n - 1)) / math.sqrt(b)


print(f"3. 512 / 128 = {512 / 128:g} times the batch: 1 / sqrt({512 / 128:g}) = {1 / math.sqrt(512 / 128):g}, "
      f"with sqrt((N - B) / (N - 1)): {scatter(512) / scatter(128):.2f} times the scatter")
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"steps_100": steps, "empty_100": steps * 100 - n, "times": f"{512 / 128:g}",
               "half": f"{1 / math.sqrt(512 / 128):g}", "with_factor": f"{scatter(512) / scatter(128):.2f}"}, fh)
