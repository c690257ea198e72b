"""Part 0: how far off the neuron's predictions are, as one number: the mean squared error. NumPy only."""

import json

import numpy as np

# The data and the neuron of neuron.py (the page shows them above this file).
rng = np.random.default_rng(0)
x = rng.uniform(-1.0, 1.0, size=40)
t = 2.0 * x + 1.0 + rng.normal(0.0, 0.1, size=40)
x_train, t_train = x[:32], t[:32]
x_val, t_val = x[32:], t[32:]


def predict(x, w, b):
    """One neuron with one input: the weighted input plus the bias (no activation function)."""
    return w * x + b


w, b = 0.5, 0.0
y = predict(x_train, w, b)


# --8<-- [start:loss]
def mse(y, t):
    """Mean squared error: the mean of the squared differences between predictions and correct answers."""
    return np.mean((y - t) ** 2)


print("y - t of the first 4:", (y - t_train)[:4].round(3))
print(f"loss L = mean squared error over the {len(y)} training examples: {mse(y, t_train):.4f}")
# --8<-- [end:loss]

with open("loss.values.json", "w") as fh:
    json.dump({"loss": f"{mse(y, t_train):.4f}", "error_first": f"{y[0] - t_train[0]:.3f}",
               "squared_first": f"{(y[0] - t_train[0]) ** 2:.3f}"}, fh)
