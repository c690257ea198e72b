"""Part 0: one step of gradient descent: move each parameter against its gradient. NumPy only."""

import json

import numpy as np

# The data, the neuron, the loss and the gradients of neuron.py, loss.py and gradient.py (the page shows
# them above this file).
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


def gradients(x, t, w, b):
    """dL/dw and dL/db of the mean squared error, by the chain rule: the backward pass."""
    y = predict(x, w, b)  # forward pass
    dy = 2 * (y - t) / len(x)  # dL/dy: one number per example
    dw = np.sum(dy * x)  # dL/dw = sum of dL/dy * dy/dw, and dy/dw = x
    db = np.sum(dy * 1.0)  # dL/db = sum of dL/dy * dy/db, and dy/db = 1
    return dw, db


def loss_at(w, b):
    """The loss on the training data for the parameters w and b."""
    return mse(predict(x_train, w, b), t_train)


# --8<-- [start:step]
learning_rate = 0.1
w, b = 0.5, 0.0  # the parameters before training, as above
dw, db = gradients(x_train, t_train, w, b)
w_new = w - learning_rate * dw  # against the gradient, in proportion to it
b_new = b - learning_rate * db
print(f"w: {w} -> {w_new:.4f}   b: {b} -> {b_new:.4f}")
print(f"loss: {loss_at(w, b):.4f} -> {loss_at(w_new, b_new):.4f}")
# --8<-- [end:step]

with open("gradient_descent.values.json", "w") as fh:
    json.dump({"learning_rate": learning_rate, "w_new": f"{w_new:.4f}", "b_new": f"{b_new:.4f}",
               "loss_before": f"{loss_at(w, b):.4f}", "loss_after": f"{loss_at(w_new, b_new):.4f}"}, fh)
