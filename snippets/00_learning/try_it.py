"""The answers to the page's exercises, computed (run it after making your prediction). NumPy only."""

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


# --8<-- [start:answers]
# 1. gradient.py, starting from w = 3.0 instead of 0.5: a line steeper than the rule's 2.
dw_3, _ = gradients(x_train, t_train, 3.0, 0.0)
h = 1e-6
numerical_dw_3 = (loss_at(3.0 + h, 0.0) - loss_at(3.0 - h, 0.0)) / (2 * h)
print(f"1. w = 3.0: dL/dw = {dw_3:.6f} (numerical {numerical_dw_3:.6f});"
      f" one step with learning rate 0.1 moves w from 3.0 to {3.0 - 0.1 * dw_3:.4f}")

# 2. mini_batches.py with batch_size = 32: one mini-batch holds all 32 training examples.
w, b = 0.5, 0.0
shuffle_rng = np.random.default_rng(1)
for epoch in range(20):
    order = shuffle_rng.permutation(len(x_train))
    for start in range(0, len(x_train), 32):
        batch = order[start:start + 32]
        dw, db = gradients(x_train[batch], t_train[batch], w, b)
        w, b = w - 0.1 * dw, b - 0.1 * db
steps_32, loss_32 = 20 * (len(x_train) // 32), loss_at(w, b)
print(f"2. batch_size 32: {len(x_train) // 32} step per epoch, {steps_32} steps in 20 epochs, training loss {loss_32:.4f}")

# 3. learning_rate.py with the learning rate 1.0 added.
w, b = 0.5, 0.0
losses_1 = [loss_at(w, b)]
for _ in range(20):
    dw, db = gradients(x_train, t_train, w, b)
    w, b = w - 1.0 * dw, b - 1.0 * db
    losses_1.append(loss_at(w, b))
print(f"3. learning rate 1.0: loss {losses_1[0]:.4g} at the start; after 1, 5, 20 steps:"
      f" {losses_1[1]:.4g}, {losses_1[5]:.4g}, {losses_1[20]:.4g}")
# --8<-- [end:answers]

with open("try_it.values.json", "w") as fh:
    json.dump({"dw_3": f"{dw_3:.6f}", "numerical_dw_3": f"{numerical_dw_3:.6f}", "w_3_after": f"{3.0 - 0.1 * dw_3:.4f}",
               "steps_per_epoch_32": len(x_train) // 32, "steps_32": steps_32, "loss_32": f"{loss_32:.4f}",
               "one_1": f"{losses_1[1]:.4g}", "one_5": f"{losses_1[5]:.4g}", "one_20": f"{losses_1[20]:.4g}"}, fh)
