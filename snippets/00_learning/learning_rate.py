"""Part 0: the same 20 steps of gradient descent with four learning rates: too small, fine, fast, too large.
NumPy only."""

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


# --8<-- [start:rates]
steps = 20
results = {}
for learning_rate in (0.01, 0.1, 0.5, 1.5):
    w, b = 0.5, 0.0  # every run starts from the same parameters
    losses = [loss_at(w, b)]
    for _ in range(steps):
        dw, db = gradients(x_train, t_train, w, b)
        w, b = w - learning_rate * dw, b - learning_rate * db
        losses.append(loss_at(w, b))
    results[learning_rate] = losses
    print(f"learning rate {learning_rate:>4}: loss after 1, 5, 20 steps: "
          f"{losses[1]:.4g}, {losses[5]:.4g}, {losses[20]:.4g}   w {w:.4g}, b {b:.4g}")
# --8<-- [end:rates]

with open("learning_rate.values.json", "w") as fh:
    json.dump({"steps": steps, "start": f"{results[0.01][0]:.4f}",
               "small_20": f"{results[0.01][20]:.4g}", "medium_20": f"{results[0.1][20]:.4g}",
               "fast_1": f"{results[0.5][1]:.4g}", "fast_5": f"{results[0.5][5]:.4g}", "fast_20": f"{results[0.5][20]:.4g}",
               "large_1": f"{results[1.5][1]:.4g}", "large_5": f"{results[1.5][5]:.4g}",
               "large_20": f"{results[1.5][20]:.4g}"}, fh)
