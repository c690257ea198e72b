"""How much the loss of one mini-batch scatters around the loss of all the training data."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: one BLAS thread is fastest

import json

# --8<-- [start:noise]
import numpy as np

from cnn_blog.data import load_mnist_5k
from cnn_blog.demos.batch_size import train_with_batch_size
from cnn_blog.losses import categorical_crossentropy
from cnn_blog.numpy_model import one_hot

model, _ = train_with_batch_size(32, epochs=1)  # the weights after one epoch, then kept fixed
x_train, _, y_train, _ = load_mnist_5k()
losses = categorical_crossentropy(one_hot(y_train, 10), model.predict(x_train))  # (4000,) one per image
print(f"loss of all {len(losses)} training images: {losses.mean():.4f}")

rng = np.random.default_rng(1)
spread = {}
for b in (8, 32, 128):
    # 2,000 mini-batches of b images drawn at random; the loss of each is the mean of its b losses
    batch_losses = [losses[rng.choice(len(losses), size=b, replace=False)].mean() for _ in range(2000)]
    spread[b] = np.std(batch_losses)
    print(f"batch size {b:>3}: mini-batch loss {np.mean(batch_losses):.4f} ± {spread[b]:.4f}")
print(f"batch size 8 scatters {spread[8] / spread[128]:.1f} times as much as batch size 128")
# --8<-- [end:noise]

with open("batch_noise.values.json", "w") as fh:
    json.dump({
        "full_loss": f"{losses.mean():.4f}",
        "spread_8": f"{spread[8]:.4f}", "spread_32": f"{spread[32]:.4f}", "spread_128": f"{spread[128]:.4f}",
        "ratio": f"{spread[8] / spread[128]:.1f}",
        "images": f"{len(losses):,}",
    }, fh)
