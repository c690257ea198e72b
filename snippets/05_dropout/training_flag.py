"""How Keras tells Dropout that it is training: fit passes training=True; predict, evaluate and a plain
call do not, and Dropout then does nothing; the validation that fit runs at the end of an epoch
does not either.

A small layer, Spy, writes down the ``training`` argument every call hands it; it sits in front of a
Dropout(0.5), which is then called on ones both ways (ones out, or 0 and 2).
"""

import json

# --8<-- [start:spy]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np
from keras import layers


class Spy(layers.Layer):
    """Passes its input on unchanged and writes down the `training` argument Keras gave it."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def call(self, inputs, training=None):
        self.seen.append(training)  # Python runs this when Keras traces (or runs) the call
        return inputs


keras.utils.set_random_seed(0)
spy = Spy()
model = keras.Sequential([keras.Input(shape=(8,)), spy, layers.Dropout(0.5), layers.Dense(1)])
model.compile(loss="mse", optimizer="sgd")
x, y = np.ones((4, 8), dtype="float32"), np.zeros((4, 1), dtype="float32")
# --8<-- [end:spy]

# --8<-- [start:calls]
seen = {}
for name, run in (("fit", lambda: model.fit(x, y, epochs=1, verbose=0)),
                  ("evaluate", lambda: model.evaluate(x, y, verbose=0)),
                  ("predict", lambda: model.predict(x, verbose=0)),
                  ("model(x)", lambda: model(x)),
                  ("model(x, training=True)", lambda: model(x, training=True))):
    spy.seen.clear()
    run()
    seen[name] = spy.seen[0]
    print(f"{name:24s} training={spy.seen[0]}")

dropout = model.layers[1]  # the Dropout(0.5) after Spy
print("Dropout(0.5) on ones, training=False:", keras.ops.convert_to_numpy(dropout(x[:1], training=False))[0])
print("Dropout(0.5) on ones, training=True: ", keras.ops.convert_to_numpy(dropout(x[:1], training=True))[0])

# fit with validation data: a fresh model (the one above has traced its functions already)
fresh = keras.Sequential([keras.Input(shape=(8,)), Spy(), layers.Dropout(0.5), layers.Dense(1)])
fresh.compile(loss="mse", optimizer="sgd")
fresh.layers[0].seen.clear()  # building the model called Spy once, with training=None
fresh.fit(x, y, validation_data=(x, y), epochs=1, verbose=0)
print(f"{'fit, validation_data':24s} training={fresh.layers[0].seen}")  # the steps, then the validation
# --8<-- [end:calls]

with open("training_flag.values.json", "w") as fh:
    json.dump({"fit": str(seen["fit"]), "predict": str(seen["predict"]), "call": str(seen["model(x)"])}, fh)
