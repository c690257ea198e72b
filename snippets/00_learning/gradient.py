"""Part 0: the gradient of the loss by the chain rule (the backward pass), checked against a numerical
gradient. NumPy only."""

import json

import numpy as np

# The data, the neuron and the loss of neuron.py and loss.py (the page shows them above this file).
rng = np.random.default_rng(0)
x = rng.uniform(-1.0, 1.0, size=40)
t = 2.0 * x + 1.0 + rng.normal(0.0, 0.1, size=40)
x_train, t_train = x[:32], t[:32]
x_val, t_val = x[32:], t[32:]


def predict(x, w, b):
    """One neuron with one input: the weighted input plus the bias (no activation function)."""
    return w * x + b


def mse(y, t):
    """Mean squared error: the mean of the squared differences between predictions and correct answers."""
    return np.mean((y - t) ** 2)


# --8<-- [start:gradient]
def gradients(x, t, w, b):
    """dL/dw and dL/db of the mean squared error, by the chain rule: the backward pass."""
    y = predict(x, w, b)  # forward pass
    dy = 2 * (y - t) / len(x)  # dL/dy: one number per example
    dw = np.sum(dy * x)  # dL/dw = sum of dL/dy * dy/dw, and dy/dw = x
    db = np.sum(dy * 1.0)  # dL/db = sum of dL/dy * dy/db, and dy/db = 1
    return dw, db


w, b = 0.5, 0.0  # the parameters before training, as above
dw, db = gradients(x_train, t_train, w, b)
print(f"chain rule: dL/dw = {dw:.6f}, dL/db = {db:.6f}")
# --8<-- [end:gradient]

# --8<-- [start:numerical]
def loss_at(w, b):
    """The loss on the training data for the parameters w and b."""
    return mse(predict(x_train, w, b), t_train)


h = 1e-6  # nudge each parameter a little up and down
numerical_dw = (loss_at(w + h, b) - loss_at(w - h, b)) / (2 * h)
numerical_db = (loss_at(w, b + h) - loss_at(w, b - h)) / (2 * h)
print(f"numerical:  dL/dw = {numerical_dw:.6f}, dL/db = {numerical_db:.6f}")
print(f"largest difference: {max(abs(dw - numerical_dw), abs(db - numerical_db)):.1e}")
# --8<-- [end:numerical]

with open("gradient.values.json", "w") as fh:
    json.dump({"dw": f"{dw:.6f}", "db": f"{db:.6f}", "numerical_dw": f"{numerical_dw:.6f}",
               "numerical_db": f"{numerical_db:.6f}",
               "difference": f"{max(abs(dw - numerical_dw), abs(db - numerical_db)):.1e}"}, fh)
