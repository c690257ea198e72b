"""The page's exercise 4: momentum_step changed a little into Nesterov momentum, compared step by step with
keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)."""

import json

# --8<-- [start:answer]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np


def nesterov_step(w, g, velocity, learning_rate, momentum):
    """keras.optimizers.SGD(learning_rate, momentum=momentum, nesterov=True). Returns (new w, new velocity)."""
    velocity = momentum * velocity - learning_rate * g  # as momentum_step
    # move by the velocity of the next step, were g to stay the same
    return w + momentum * velocity - learning_rate * g, velocity


learning_rate, momentum = 0.1, 0.9
w0 = np.array([1.0, -2.0, 0.5])  # the three weights and gradients of update_rules.py
grads = [np.array([0.3, -1.0, 2.0]), np.array([0.2, -0.5, -1.0]), np.array([0.1, 0.4, 0.0])]

w, v = w0.copy(), np.zeros(3)
var = keras.Variable(w0)
sgd = keras.optimizers.SGD(learning_rate=learning_rate, momentum=momentum, nesterov=True)
for step, g in enumerate(grads, start=1):
    w, v = nesterov_step(w, g, v, learning_rate, momentum)
    sgd.apply([keras.ops.convert_to_tensor(g)], [var])
    theirs = keras.ops.convert_to_numpy(var)
    print(f"step {step}: {np.round(w, 4)}  Keras {np.round(theirs, 4)}  same (1e-6): {np.abs(w - theirs).max() < 1e-6}")
first = (w0 - nesterov_step(w0, grads[0], np.zeros(3), learning_rate, momentum)[0]) / (learning_rate * grads[0])
print("first step / (learning_rate * g):", np.round(first, 4))
# --8<-- [end:answer]

with open("write_nesterov.values.json", "w") as fh:
    json.dump({"first_ratio": f"{first[0]:g}", "momentum": momentum, "learning_rate": learning_rate}, fh)
