"""The page's exercise 4: the backward pass of Dense on a rank-3 input, as Keras's Dense takes one, written by
hand and checked against Dense.backward and a numerical gradient. NumPy only."""

import json

# --8<-- [start:answer]
import numpy as np

from cnn_blog.layers import Dense

rng = np.random.default_rng(1)
x = rng.normal(size=(2, 3, 2))  # 2 examples, 3 positions each, 2 inputs per position: (n, p, in)
W, b = rng.normal(size=(2, 4)), rng.normal(size=(4,))  # Dense(4): W (in, units), b (units,)


def loss(x, W, b):
    """L = sum(y ** 2) / 2, so dL/dy = y."""
    y = x @ W + b  # (n, p, units): the same W and b at every position
    return float(np.sum(y ** 2) / 2)


def dense_backward(x, W, dout):
    """x (n, p, in), dout (n, p, units) -> dW (in, units), db (units,), dx (n, p, in)."""
    # every position of every example adds its own x^T dout: sum over the batch AND the position axes
    dW = (x[:, :, :, np.newaxis] * dout[:, :, np.newaxis, :]).sum(axis=(0, 1))
    db = dout.sum(axis=(0, 1))
    dx = dout @ W.T  # each position's own inputs
    return dW, db, dx


dout = x @ W + b  # dL/dy = y
mine = dense_backward(x, W, dout)
print("dW, db, dx:", [a.shape for a in mine])

n, p, n_in = x.shape
layer = Dense(4)  # takes (n, features) only: give it the n * p positions as rows
layer.set_weights([W, b])
layer.forward(x.reshape(n * p, n_in))
dx = layer.backward(dout.reshape(n * p, -1)).reshape(x.shape)
print("same as Dense.backward on the n * p rows:",
      all(np.allclose(a, c) for a, c in zip(mine, (layer.dkernel, layer.dbias, dx))))


def numerical_gradient(a, eps=1e-6):
    """dL/da by central differences, nudging one entry of a (W, b or x) at a time, then restoring it."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        plus = loss(x, W, b)
        a[idx] = old - eps
        minus = loss(x, W, b)
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


errors = [np.abs(g - numerical_gradient(a)).max() for g, a in zip(mine, (W, b, x))]
print(f"dW, db, dx: largest difference from the numerical gradient {max(errors):.1e}")
# --8<-- [end:answer]

with open("write_dense_backward.values.json", "w") as fh:
    json.dump({"max_error": f"{max(errors):.1e}", "rows": n * p}, fh)
