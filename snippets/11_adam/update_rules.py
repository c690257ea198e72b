"""The page's update rules against Keras itself: ``sgd_step``, ``momentum_step`` and ``rmsprop_step``
of ``cnn_blog.demos.adam`` and ``cnn_blog.optimizers.Adam``, three steps each on the same gradients.

What the last block prints goes to ``update_rules.defaults.out.txt``: the page shows it further down.
"""

import contextlib

# --8<-- [start:check]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.demos.adam import momentum_step, rmsprop_step, sgd_step
from cnn_blog.optimizers import Adam


def keras_path(optimizer, w, grads):
    """The weights after each of Keras's steps, for the given gradients."""
    var = keras.Variable(w)
    out = []
    for g in grads:
        optimizer.apply([keras.ops.convert_to_tensor(g)], [var])
        out.append(keras.ops.convert_to_numpy(var))
    return out


w0 = np.array([1.0, -2.0, 0.5])  # three weights (float64)
grads = [np.array([0.3, -1.0, 2.0]), np.array([0.2, -0.5, -1.0]), np.array([0.1, 0.4, 0.0])]

ours = {"SGD": [], "momentum": [], "RMSprop": [], "Adam": []}
w = w0.copy()
for g in grads:
    w = sgd_step(w, g, learning_rate=0.1)
    ours["SGD"].append(w)
w, v = w0.copy(), np.zeros(3)
for g in grads:
    w, v = momentum_step(w, g, v, learning_rate=0.1, momentum=0.9)
    ours["momentum"].append(w)
w, v = w0.copy(), np.zeros(3)
for g in grads:
    w, v = rmsprop_step(w, g, v, learning_rate=0.1)
    ours["RMSprop"].append(w)
adam, w = Adam(learning_rate=0.1), w0.copy()
for g in grads:
    adam.apply([g], [w])  # cnn_blog's Adam updates w in place
    ours["Adam"].append(w.copy())

theirs = {
    "SGD": keras_path(keras.optimizers.SGD(learning_rate=0.1), w0, grads),
    "momentum": keras_path(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), w0, grads),
    "RMSprop": keras_path(keras.optimizers.RMSprop(learning_rate=0.1), w0, grads),
    "Adam": keras_path(keras.optimizers.Adam(learning_rate=0.1), w0, grads),
}
for name in ours:
    gap = max(np.abs(a - b).max() for a, b in zip(ours[name], theirs[name]))
    print(f"{name:<9} after 3 steps: {np.round(ours[name][-1], 4)}  same as Keras (1e-6): {gap < 1e-6}")
# --8<-- [end:check]

# What this part prints goes to update_rules.defaults.out.txt: the page shows it further down.
with open("update_rules.defaults.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:defaults]
    keras_adam = keras.optimizers.Adam()  # what `opt = keras.optimizers.Adam()` in the script gets
    our_adam = Adam()
    for name in ("learning_rate", "beta_1", "beta_2", "epsilon"):
        print(f"{name:<13} Keras {float(keras_adam.get_config()[name]):<7g} cnn_blog {getattr(our_adam, name):g}")
    # --8<-- [end:defaults]
