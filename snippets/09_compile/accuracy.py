"""What metrics=['accuracy'] counts: how often the most probable class is the correct one."""

import json

# --8<-- [start:count]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

y_true = np.array([[1, 0, 0],
                   [0, 1, 0],
                   [0, 0, 1],
                   [0, 0, 1],
                   [1, 0, 0]], dtype="float32")  # 5 examples, 3 classes, one-hot
y_pred = np.array([[0.7, 0.2, 0.1],   # right, and sure
                   [0.4, 0.35, 0.25],  # wrong: class 0 beats class 1
                   [0.3, 0.3, 0.4],   # right, but barely
                   [0.1, 0.8, 0.1],   # wrong
                   [0.5, 0.3, 0.2]], dtype="float32")  # right
hits = y_pred.argmax(axis=1) == y_true.argmax(axis=1)  # (5,): most probable class == correct class
print("predicted:", y_pred.argmax(axis=1), " correct:", y_true.argmax(axis=1))
print("hits:", hits, " accuracy:", hits.mean())
# --8<-- [end:count]

# --8<-- [start:keras]
import keras

metric = keras.metrics.CategoricalAccuracy()
metric.update_state(y_true, y_pred)
print(f"keras.metrics.CategoricalAccuracy: {float(metric.result()):.4f}")
# --8<-- [end:keras]

# --8<-- [start:evaluate]
from cnn_blog.layers import Softmax
from cnn_blog.losses import categorical_crossentropy

scores = np.log(y_pred)  # scores whose softmax is y_pred
model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Activation("softmax")])
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(), metrics=["accuracy"])
loss, accuracy = model.evaluate(scores, y_true, verbose=0)  # what fit and evaluate report
ours = categorical_crossentropy(y_true, Softmax().forward(scores)).mean()  # cnn_blog, mean of 5
print(f"model.evaluate: loss {loss:.6f}, accuracy {accuracy:.4f}")
print(f"cnn_blog      : loss {ours:.6f}, accuracy {hits.mean():.4f}")
# --8<-- [end:evaluate]

# Numbers the page quotes in its prose (read by the site build).
with open("accuracy.values.json", "w") as fh:
    json.dump({"examples": len(hits), "hits": int(hits.sum()), "accuracy": float(hits.mean())}, fh)
