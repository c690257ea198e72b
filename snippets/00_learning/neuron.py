"""Part 0: the example data and one neuron, y = w * x + b, and its forward pass. NumPy only."""

import json

# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
x = rng.uniform(-1.0, 1.0, size=40)  # 40 inputs between -1 and 1
t = 2.0 * x + 1.0 + rng.normal(0.0, 0.1, size=40)  # their correct answers: the rule 2x + 1, plus a little noise
x_train, t_train = x[:32], t[:32]  # training data: the model learns from these 32 examples
x_val, t_val = x[32:], t[32:]  # validation data: 8 examples kept apart, never learned from
# --8<-- [end:data]

# --8<-- [start:forward]
def predict(x, w, b):
    """One neuron with one input: the weighted input plus the bias (no activation function)."""
    return w * x + b


w, b = 0.5, 0.0  # the parameters before training: a weight and a bias
y = predict(x_train, w, b)  # the forward pass: one prediction per training example
print("x (input)     ", x_train[:4].round(3))
print("y (prediction)", y[:4].round(3))
print("t (correct)   ", t_train[:4].round(3))
# --8<-- [end:forward]

# Numbers the page quotes in its prose (read by the site build).
with open("neuron.values.json", "w") as fh:
    json.dump({"n": len(x), "n_train": len(x_train), "n_val": len(x_val),
               "x_first": f"{x_train[0]:.3f}", "y_first": f"{y[0]:.3f}", "t_first": f"{t_train[0]:.3f}"}, fh)
