"""Part 0: training with mini-batches of 8 examples, for 20 epochs: the loss falls epoch by epoch. Then
inference with the trained neuron. NumPy only."""

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


# --8<-- [start:epochs]
batch_size = 8
learning_rate = 0.1
epochs = 20
shuffle_rng = np.random.default_rng(1)  # draws a new order of the training data every epoch
w, b = 0.5, 0.0  # the parameters before training, as above
step = 0
print(f"epoch  0 (step  0): training loss {loss_at(w, b):.4f}, validation loss {mse(predict(x_val, w, b), t_val):.4f}")
for epoch in range(1, epochs + 1):
    order = shuffle_rng.permutation(len(x_train))  # the 32 indices, shuffled
    for start in range(0, len(x_train), batch_size):
        batch = order[start:start + batch_size]  # one mini-batch: 8 indices
        dw, db = gradients(x_train[batch], t_train[batch], w, b)  # the gradient of this mini-batch's loss
        w, b = w - learning_rate * dw, b - learning_rate * db  # one step
        step += 1
    if epoch in (1, 2, 3, 5, 10, 20):
        print(f"epoch {epoch:>2} (step {step:>2}): training loss {loss_at(w, b):.4f}, "
              f"validation loss {mse(predict(x_val, w, b), t_val):.4f}, w {w:.3f}, b {b:.3f}")
print(f"the rule 2x + 1 itself: training loss {mse(predict(x_train, 2.0, 1.0), t_train):.4f}")
print(f"inference: x = 0.5 -> y = {predict(0.5, w, b):.3f} (the rule 2x + 1 gives {2.0 * 0.5 + 1.0})")  # a new input
# --8<-- [end:epochs]

with open("mini_batches.values.json", "w") as fh:
    json.dump({"batch_size": batch_size, "epochs": epochs, "steps_per_epoch": len(x_train) // batch_size,
               "steps": step, "learning_rate": learning_rate,
               "w_final": f"{w:.3f}", "b_final": f"{b:.3f}", "train_final": f"{loss_at(w, b):.4f}",
               "val_final": f"{mse(predict(x_val, w, b), t_val):.4f}",
               "rule_loss": f"{mse(predict(x_train, 2.0, 1.0), t_train):.4f}",
               "inference": f"{predict(0.5, w, b):.3f}"}, fh)
