"""Which images does fit's validation_split keep aside? The last ones, before shuffling: shown with a model
whose loss names the image it was computed on."""

import json

# --8<-- [start:last]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

keras.utils.disable_interactive_logging()  # no progress bar

# 20 "images": image i is the single number i, its target 0
n = 20
x = np.arange(n, dtype="float32").reshape(n, 1)  # (20, 1)
y = np.zeros((n, 1), dtype="float32")

# a model that answers i for image i (weight 1, bias 0) and never learns (learning rate 0):
# the squared error of image i is i**2, so a loss tells which images it was computed on
model = keras.Sequential([keras.Input(shape=(1,)),
                          keras.layers.Dense(1, kernel_initializer="ones")])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.0))
history = model.fit(x, y, validation_split=0.1, shuffle=True, epochs=1,
                    batch_size=n)

val_loss = history.history["val_loss"][0]
print(f"val_loss: {val_loss}")
for name, images in (("the first 2 images", x[:2]), ("the last 2 images", x[-2:])):
    print(f"mean of i**2 over {name}: {np.mean(images ** 2)}")
# --8<-- [end:last]

kept = int(np.floor(n * (1 - 0.1)))  # Keras's split point (keras/src/trainers/data_adapters/array_slicing.py)
with open("validation_split.values.json", "w") as fh:
    json.dump({
        "images": n,
        "val_loss": f"{val_loss:g}",
        "validation_first": int(x[kept, 0]),
        "validation_last": int(x[-1, 0]),
        "first_two": f"{np.mean(x[:2] ** 2):g}",
        "keras_version": keras.__version__,
        # the exercise: validation_split=0.25 keeps the last 5 images aside
        "quarter_val_loss": f"{np.mean(x[int(np.floor(n * (1 - 0.25))):] ** 2):g}",
        "quarter_first": int(x[int(np.floor(n * (1 - 0.25))), 0]),
    }, fh)
