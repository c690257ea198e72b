"""Dense's backward: dW = x.T @ dout, db = dout summed over the batch, dx = dout @ W.T, checked against
a numerical gradient."""

import json

# --8<-- [start:backward]
import numpy as np

from cnn_blog.layers import Dense

rng = np.random.default_rng(0)
x = rng.normal(size=(2, 4))  # a batch of 2 examples with 4 inputs: (n, in)
dense = Dense(3)
dense.set_weights([rng.normal(size=(4, 3)), rng.normal(size=(3,))])  # W (in, units), b (units,)
dout = rng.normal(size=(2, 3))  # dE/dy, as the layer above hands it back: (n, units)

dense.forward(x)
dx = dense.backward(dout)  # sets dense.dkernel and dense.dbias
W = dense.kernel
print("dW == x.T @ dout:", np.allclose(dense.dkernel, x.T @ dout), dense.dkernel.shape)
print("db == dout.sum(axis=0):", np.allclose(dense.dbias, dout.sum(axis=0)), dense.dbias.shape)
print("dx == dout @ W.T:", np.allclose(dx, dout @ W.T), dx.shape)
# --8<-- [end:backward]

# --8<-- [start:numerical]
b = dense.bias


def E():
    """A loss whose gradient with respect to y is exactly dout: E = sum(y * dout)."""
    return float(np.sum((x @ W + b) * dout))


def numerical_gradient(a, eps=1e-6):
    """dE/da by centred differences, nudging one entry of a at a time (a is changed in place, then restored)."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        plus = E()
        a[idx] = old - eps
        minus = E()
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


errors = {}
for name, analytic, a in (("dW", dense.dkernel, W), ("db", dense.dbias, b), ("dx", dx, x)):
    errors[name] = np.abs(analytic - numerical_gradient(a)).max()
    print(f"{name}: largest difference from the numerical gradient {errors[name]:.1e}")
# --8<-- [end:numerical]

with open("dense_backward.values.json", "w") as fh:
    json.dump({"max_error": f"{max(errors.values()):.1e}"}, fh)
